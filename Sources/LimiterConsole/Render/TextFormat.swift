import Foundation

/// Turns times, durations and quantities into the short strings the screen shows.
public struct TextFormat: Hashable, Sendable {
    /// Whether wall-clock times are shown in the local time zone or in UTC (tests).
    public enum Zone: Hashable, Sendable { case local, utc }

    /// The zone of wall-clock times.
    public var zone: Zone

    /// A formatter for `zone`.
    public init(zone: Zone = .local) { self.zone = zone }

    /// `hh:mm:ss` of the unix time `t`; `??:??:??` when `t` is no time (see ``isTime(_:)``).
    public func clock(_ t: Double) -> String {
        guard let c = components(t) else { return "??:??:??" }
        return String(format: "%02d:%02d:%02d", c.tm_hour, c.tm_min, c.tm_sec)
    }

    /// `yyyy-mm-dd hh:mm:ss` of the unix time `t`; question marks when `t` is no time.
    public func dateTime(_ t: Double) -> String {
        guard let c = components(t) else { return "????-??-?? ??:??:??" }
        return String(format: "%04d-%02d-%02d ", c.tm_year + 1900, c.tm_mon + 1, c.tm_mday) + clock(t)
    }

    /// Whether the unix time `t` can be shown: finite and within ±``maximumTime``.
    public static func isTime(_ t: Double) -> Bool { t.isFinite && abs(t) <= maximumTime }

    /// The largest unix time shown as a date (1e11 s, the year 5138); frames from a recording
    /// or a remote sidecar may hold anything.
    public static let maximumTime = 1e11

    private func components(_ t: Double) -> tm? {
        guard Self.isTime(t) else { return nil }
        var seconds = time_t(t.rounded(.down))
        var result = tm()
        switch zone {
        case .local: localtime_r(&seconds, &result)
        case .utc: gmtime_r(&seconds, &result)
        }
        return result
    }

    /// What the screen shows for a number that is no number (NaN, infinite, absurdly large).
    public static let garbage = "?"

    /// `x` rounded by `rule`, or nil when it is not finite or beyond ±1e15: the one checked
    /// conversion from a frame's numbers to the integers the screen draws.
    public static func whole(_ x: Double, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int? {
        let rounded = x.rounded(rule)
        return rounded.isFinite && abs(rounded) <= 1e15 ? Int(rounded) : nil
    }

    /// `87%` of a ratio (0.87), or ``garbage``.
    public static func percent(_ ratio: Double) -> String {
        whole(ratio * 100).map { "\($0)%" } ?? garbage
    }

    /// `42s`, `4m05s`, `1h02m`, `3d04h`: a span in at most two units.
    public static func span(_ seconds: Double) -> String {
        guard !seconds.isNaN, let s = whole(max(0, seconds), .down) else { return garbage }
        switch s {
        case ..<60: return "\(s)s"
        case ..<3600: return String(format: "%dm%02ds", s / 60, s % 60)
        case ..<86400: return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
        default: return String(format: "%dd%02dh", s / 86400, (s % 86400) / 3600)
        }
    }

    /// `0`, `12ms`, `1.2s`, `15s`: a latency in at most 5 characters.
    public static func millis(_ ms: Double) -> String {
        guard !ms.isNaN else { return garbage }
        switch ms {
        case ..<0.5: return "0"
        case ..<1000: return "\(Int(ms.rounded()))ms"
        case ..<10000: return String(format: "%.1fs", ms / 1000)
        default: return whole(ms / 1000).map { "\($0)s" } ?? garbage
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
        guard let count = whole(perSecond * window), let seconds = whole(window) else { return garbage }
        switch window {
        case 1: return "\(count)/s"
        case 60: return "\(count)/m"
        default: return "\(count)/\(seconds)s"
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
