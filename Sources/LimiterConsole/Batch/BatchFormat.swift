import Foundation
import UpbitRateLimit

/// How `console --batch` writes each frame: a plain-text table or one JSON object per line.
public enum BatchFormat: String, Hashable, Sendable, CaseIterable {
    /// A header line, one line per group, the active alerts, a blank line.
    case text
    /// The frame as the sidecar streams it (`docs/STATUS.md`), one object per line.
    case json

    /// The lines for `update`, ending in a newline.
    public func render(_ update: StatusUpdate, format: TextFormat = .init()) -> String {
        switch (self, update) {
        case (.json, .frame(let frame)):
            let data = (try? Self.encoder.encode(frame)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case (.json, .disconnected(let since, let reason)):
            return Self.json(["disconnected": .number(since), "reason": .string(reason)])
        case (.json, .ended(let reason)):
            return Self.json(["ended": .string(reason)])
        case (.text, .frame(let frame)):
            return Self.text(frame, format: format)
        case (.text, .disconnected(let since, let reason)):
            return "# DISCONNECTED since \(format.dateTime(since)): \(reason)\n\n"
        case (.text, .ended(let reason)):
            return "# ENDED: \(reason)\n\n"
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        return encoder
    }()

    private enum Scalar: Encodable {
        case number(Double), string(String)
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    private static func json(_ object: [String: Scalar]) -> String {
        String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// Columns of the text table, as the console's group table names and formats them.
    static let columns: [(GroupTable.Column, Int)] = [
        (.name, 17), (.limit, 5), (.queue, 5), (.wait50, 6), (.wait95, 6), (.drift, 6), (.utilization, 4),
        (.errors, 7), (.granted, 7), (.circuit, 4),
    ]

    private static func text(_ frame: StatusFrame, format: TextFormat) -> String {
        let active = frame.alerts.filter { $0.state != .resolved }
        let counts = AlertLevel.allCases.compactMap { level -> String? in
            let n = active.count { $0.level == level }
            return n == 0 ? nil : "\(level.rawValue):\(n)"
        }
        let emergency = frame.emergency.active
            ? "EMERGENCY" + (frame.emergency.until.map { " to \(format.clock($0))" } ?? "") : "emergency off"
        var lines = ["\(format.dateTime(frame.t))  \(frame.source)  seq \(frame.seq)  up \(TextFormat.span(frame.process.uptimeS))"
                     + "  \(emergency)  alerts \(counts.isEmpty ? "none" : counts.joined(separator: " "))"]
        let table = GroupTable(width: 0, glyphs: .ascii)
        func cell(_ text: String, _ column: GroupTable.Column, _ width: Int) -> String {
            GroupTable.rightAligned.contains(column) ? TextFormat.right(text, width)
                : text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
        }
        lines.append((columns.map { cell(GroupTable.titles[$0.0]!, $0.0, $0.1) } + [" RATE"]).joined(separator: " "))
        for group in frame.groups {
            let rate = TextFormat.right("\(Int((group.rateRatio * 100).rounded()))%", 5)
            lines.append((columns.map { cell(table.cell($0.0, group).text, $0.0, $0.1) } + [rate]).joined(separator: " "))
        }
        for alert in active.sorted(by: { ($0.level, $0.since) < ($1.level, $1.since) }) {
            lines.append("\(alert.level.rawValue) \(format.clock(alert.since)) \(alert.rule)"
                         + (alert.group.map { " \($0.rawValue)" } ?? "") + ": \(alert.message)")
        }
        return lines.joined(separator: "\n") + "\n\n"
    }
}
