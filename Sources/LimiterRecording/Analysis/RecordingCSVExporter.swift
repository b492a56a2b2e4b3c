import Foundation
import UpbitRateLimit

/// Per-group series of a recording as CSV, one row per frame and group, for plotting:
/// `upbit-limiter replay FILE --export csv [--output F]`.
///
/// Columns: `t` (unix seconds), `group`, `queue_depth`, `rate_ratio`, `wait_p50_ms`,
/// `wait_p95_ms`, `wait_p99_ms`, `utilization`, `granted`, `errors_429`, `errors_418`,
/// `timeouts` (these four: growth since the group's previous frame, so a column sums to the
/// recording's total), `circuit`, `remaining_req_sec` (empty when unknown).
public struct RecordingCSVExporter: Sendable {
    /// The header row.
    public static let columns = [
        "t", "group", "queue_depth", "rate_ratio", "wait_p50_ms", "wait_p95_ms", "wait_p99_ms", "utilization",
        "granted", "errors_429", "errors_418", "timeouts", "circuit", "remaining_req_sec",
    ]

    /// The recording to export.
    public let reader: RecordingReader
    /// Only these groups (nil: all).
    public var groups: Set<GroupID>?

    /// An exporter of `reader`'s frames.
    public init(reader: RecordingReader, groups: Set<GroupID>? = nil) {
        self.reader = reader
        self.groups = groups
    }

    /// Writes the CSV to `handle` in chunks; returns the number of data rows.
    ///
    /// - Throws: the handle's write error.
    @discardableResult
    public func write(to handle: FileHandle) throws -> Int {
        var buffer = Self.columns.joined(separator: ",") + "\n"
        var rows = 0
        var previous: [GroupID: SeriesFrame.Group] = [:]
        try reader.forEachSeriesFrame { _, frame in
            for g in frame.groups where groups?.contains(g.name) ?? true {
                let before = previous[g.name]
                previous[g.name] = g
                buffer += Self.row(t: frame.t, g, before)
                rows += 1
            }
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        return rows
    }

    /// Writes the CSV to a new file at `path`; throws ``RecordingError`` (`.writeFailed`) naming it.
    @discardableResult
    public func write(toFile path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw RecordingError(.writeFailed, path: path, detail: "cannot create the CSV file")
        }
        defer { try? handle.close() }
        do { return try write(to: handle) } catch {
            throw RecordingError(.writeFailed, path: path, detail: "write failed: \(error)")
        }
    }

    private static func row(t: Double, _ g: SeriesFrame.Group, _ before: SeriesFrame.Group?) -> String {
        let fields: [String] = [
            String(format: "%.3f", t), g.name.rawValue, "\(g.queueDepth)", number(g.rateRatio),
            number(g.waitMs.p50), number(g.waitMs.p95), g.waitMs.p99.map(number) ?? "", number(g.utilization),
            "\(counterDelta(g.grantedTotal, since: before?.grantedTotal))",
            "\(counterDelta(g.errors429Total, since: before?.errors429Total))",
            "\(counterDelta(g.errors418Total, since: before?.errors418Total))",
            "\(counterDelta(g.timeoutsTotal, since: before?.timeoutsTotal))",
            g.circuit.rawValue, g.remainingReqSec.map(String.init) ?? "",
        ]
        return fields.joined(separator: ",") + "\n"
    }

    /// At most 4 decimals, no trailing zeros.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        let rounded = (value * 10_000).rounded() / 10_000
        return abs(rounded) < 1e15 && rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
