import Foundation

/// Where `b` (jump) goes: a clock time of day or an offset from the current position.
///
/// Text forms (``parse(_:)``):
/// - `hh:mm:ss` or `hh:mm` — a time of day in the recording's local time (the recorder's UTC
///   offset from the header, else this machine's time zone);
/// - the same with a `Z` or ` UTC` suffix — a time of day in UTC (`03:12:00Z`);
/// - `+5m`, `-30s`, `+1h30m`, `+90` — relative to the current position (`h`, `m`, `s`; bare
///   numbers are seconds).
public enum ReplayTarget: Hashable, Sendable {
    /// A time of day, local to the recording unless `utc`.
    case timeOfDay(hour: Int, minute: Int, second: Int, utc: Bool)
    /// Seconds forward (positive) or back (negative) from the current position.
    case relative(seconds: Double)

    /// Parses `text`; throws ``RecordingError`` (`.invalidTime`) saying what is accepted.
    public static func parse(_ text: String) throws -> ReplayTarget {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { throw RecordingError.invalidTime(text, usage) }
        if first == "+" || first == "-" {
            guard let seconds = relativeSeconds(trimmed.dropFirst()) else { throw RecordingError.invalidTime(text, usage) }
            return .relative(seconds: first == "-" ? -seconds : seconds)
        }
        var clock = Substring(trimmed)
        var utc = false
        for suffix in [" UTC", "UTC", "Z", "z"] where clock.hasSuffix(suffix) {
            clock = clock.dropLast(suffix.count)
            utc = true
            break
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
            throw RecordingError.invalidTime(text, usage)
        }
        let (h, m, s) = (parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0)
        guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else {
            throw RecordingError.invalidTime(text, "hours 0–23, minutes and seconds 0–59")
        }
        return .timeOfDay(hour: h, minute: m, second: s, utc: utc)
    }

    /// What ``parse(_:)`` accepts, for error messages and help.
    public static let usage = "use hh:mm:ss or hh:mm (recording's local time; add Z for UTC), or +5m, -30s, +1h30m"

    /// `1h30m`, `5m`, `30s`, `90`: seconds, or nil.
    private static func relativeSeconds(_ text: Substring) -> Double? {
        if let plain = Double(text), plain.isFinite { return plain }
        var total = 0.0
        var number = ""
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            let unit: Double
            switch character {
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: return nil
            }
            guard let value = Double(number) else { return nil }
            total += value * unit
            number = ""
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }

    /// The unix time this target means in a recording spanning `start...end` seen from `current`,
    /// where the recording's local time is UTC + `utcOffset` seconds.
    ///
    /// A time of day resolves to its occurrence inside the recording nearest to `current`;
    /// throws ``RecordingError`` (`.invalidTime`) when no day of the recording has it.
    func resolve(current: Double, start: Double, end: Double, utcOffset: Int) throws -> Double {
        switch self {
        case .relative(let seconds):
            return current + seconds
        case .timeOfDay(let h, let m, let s, let utc):
            let offset = Double(utc ? 0 : utcOffset)
            let secondOfDay = Double(h * 3600 + m * 60 + s)
            let firstDay = ((start + offset) / 86_400).rounded(.down), lastDay = ((end + offset) / 86_400).rounded(.down)
            let candidates = stride(from: firstDay, through: lastDay, by: 1)
                .map { $0 * 86_400 + secondOfDay - offset }
                .filter { $0 >= start - 1 && $0 <= end + 1 }
            guard let best = candidates.min(by: { abs($0 - current) < abs($1 - current) }) else {
                let span = "\(Self.clockText(start + offset)) – \(Self.clockText(end + offset))\(utc ? " UTC" : "")"
                throw RecordingError.invalidTime(String(format: "%02d:%02d:%02d", h, m, s), "not in the recording (\(span))")
            }
            return best
        }
    }

    /// `hh:mm:ss` of a (shifted) unix time.
    static func clockText(_ seconds: Double) -> String {
        let daySecond = Int((seconds.truncatingRemainder(dividingBy: 86_400) + 86_400).truncatingRemainder(dividingBy: 86_400))
        return String(format: "%02d:%02d:%02d", daySecond / 3600, daySecond / 60 % 60, daySecond % 60)
    }
}
