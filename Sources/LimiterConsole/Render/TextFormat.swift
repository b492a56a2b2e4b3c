import Foundation

/// Turns times, durations and quantities into the short strings the screen shows.
public struct TextFormat: Hashable, Sendable {
    /// Whether wall-clock times are shown in the local time zone or in UTC (tests).
    public enum Zone: Hashable, Sendable { case local, utc }

    /// The zone of wall-clock times.
    public var zone: Zone

    /// A formatter for `zone`.
    public init(zone: Zone = .local) { self.zone = zone }

    /// `hh:mm:ss` of the unix time `t`.
    public func clock(_ t: Double) -> String {
        let c = components(t)
        return String(format: "%02d:%02d:%02d", c.tm_hour, c.tm_min, c.tm_sec)
    }

    /// `yyyy-mm-dd hh:mm:ss` of the unix time `t`.
    public func dateTime(_ t: Double) -> String {
        let c = components(t)
        return String(format: "%04d-%02d-%02d ", c.tm_year + 1900, c.tm_mon + 1, c.tm_mday) + clock(t)
    }

    private func components(_ t: Double) -> tm {
        var seconds = time_t(t.rounded(.down))
        var result = tm()
        switch zone {
        case .local: localtime_r(&seconds, &result)
        case .utc: gmtime_r(&seconds, &result)
        }
        return result
    }

    /// `42s`, `4m05s`, `1h02m`, `3d04h`: a span in at most two units.
    public static func span(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded(.down))
        switch s {
        case ..<60: return "\(s)s"
        case ..<3600: return String(format: "%dm%02ds", s / 60, s % 60)
        case ..<86400: return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
        default: return String(format: "%dd%02dh", s / 86400, (s % 86400) / 3600)
        }
    }

    /// `0`, `12ms`, `1.2s`, `15s`: a latency in at most 5 characters.
    public static func millis(_ ms: Double) -> String {
        switch ms {
        case ..<0.5: return "0"
        case ..<1000: return "\(Int(ms.rounded()))ms"
        case ..<10000: return String(format: "%.1fs", ms / 1000)
        default: return "\(Int((ms / 1000).rounded()))s"
        }
    }

    /// `999`, `12.3k`, `4.5M`: a count in at most 5 characters.
    public static func count(_ n: UInt64) -> String {
        switch n {
        case ..<10000: return "\(n)"
        case ..<1_000_000: return String(format: "%.1fk", Double(n) / 1000)
        default: return String(format: "%.1fM", Double(n) / 1_000_000)
        }
    }

    /// `10/s`, `100/m`, `5/2s`: a group's published limit.
    public static func limit(perSecond: Double, window: Double) -> String {
        let count = Int((perSecond * window).rounded())
        switch window {
        case 1: return "\(count)/s"
        case 60: return "\(count)/m"
        default: return "\(count)/\(Int(window.rounded()))s"
        }
    }

    /// `text` cut to `width` columns, ending in `ellipsis` when cut.
    public static func clip(_ text: String, _ width: Int, ellipsis: Character) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(width - 1)) + String(ellipsis)
    }

    /// `text` right-aligned in `width` columns (clipped on the left when too long).
    public static func right(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.suffix(width)) : String(repeating: " ", count: width - text.count) + text
    }
}
