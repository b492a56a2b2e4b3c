import Foundation

extension RecordingSummary {
    /// The summary as the `--summary` text: header facts, a table per group, the alerts.
    public func render() -> String {
        var lines = [
            "recording  \(path)",
            "source     \(header.source)",
            "from       \(Self.utc(start))  to \(Self.utc(end))",
            "duration   \(Self.span(duration))  (\(frames) frames)",
        ]
        if corruptLines > 0 { lines.append("corrupt    \(corruptLines) line(s) skipped") }
        if endedEarly { lines.append("ended      early: the last line was cut short") }
        lines.append("")
        let table: [[String]] = [["group", "peak queue", "at (UTC)", "429", "418", "timeouts", "granted", "min rate", "max wait p95"]]
            + groups.map { g in
                [g.name.rawValue, "\(g.peakQueueDepth)", g.peakQueueDepth > 0 ? Self.utc(g.peakQueueAt) : "-",
                 "\(g.errors429)", "\(g.errors418)", "\(g.timeouts)", "\(g.granted)",
                 Self.percent(g.minRateRatio), String(format: "%.0f ms", g.maxWaitP95Ms)]
            }
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            let cells = row.enumerated().map { i, cell in
                i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
        }
        let total429 = groups.reduce(0) { $0 + $1.errors429 }, total418 = groups.reduce(0) { $0 + $1.errors418 }
        lines.append("")
        lines.append("totals     429: \(total429)  418: \(total418)  operator actions: \(operatorActions)  restarts: \(restarts)")
        lines.append("alerts     \(alerts.count) raised")
        for alert in alerts.prefix(Self.alertsListed) {
            lines.append("  \(Self.utc(alert.since))  \(alert.level.rawValue)  \(alert.rule)\(alert.group.map { " [\($0)]" } ?? "")  \(alert.message)")
        }
        if alerts.count > Self.alertsListed { lines.append("  … and \(alerts.count - Self.alertsListed) more (see --export csv)") }
        return lines.joined(separator: "\n")
    }

    /// Alerts listed one per line; the rest are counted.
    static let alertsListed = 50

    /// `2026-11-28 03:12:05Z`.
    static func utc(_ t: Double) -> String {
        guard t.isFinite, abs(t) <= LineScanner.maximumTime else { return "?" }
        let date = Date(timeIntervalSince1970: t)
        return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).dateTimeSeparator(.space)) + "Z"
    }

    /// `87%`, or `?` when the recorded ratio is no number.
    static func percent(_ ratio: Double) -> String {
        let percent = (ratio * 100).rounded()
        return percent.isFinite && abs(percent) <= 1e15 ? "\(Int(percent))%" : "?"
    }

    /// `26h 03m 05s`, or `?` when `seconds` is no number.
    static func span(_ seconds: Double) -> String {
        let rounded = seconds.rounded()
        guard rounded.isFinite, abs(rounded) <= 1e15 else { return "?" }
        let s = Int(rounded)
        return String(format: "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60)
    }
}
