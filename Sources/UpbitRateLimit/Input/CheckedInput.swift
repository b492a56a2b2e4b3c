/// The one checked conversion for numbers that come from outside the process.
///
/// Seconds or milliseconds (as `Double`, `Int` or text) become a `Duration`, counts an `Int`,
/// ratios a `Double` — each only inside an ``InputRange``. NaN, ±infinity, text that is not a
/// number, a fraction where a whole number is needed, or a value outside the range throw an
/// ``InputError`` naming the input; nothing here traps, and nothing turns a bad value into
/// "no limit". Durations are capped at ``maximumSeconds`` whatever range a caller passes, so the
/// nanosecond count always fits in `Int64`.
public enum CheckedInput {
    /// The longest duration any input may describe: 10⁹ s (about 31 years).
    public static let maximumSeconds = 1e9

    /// A finite number in `range`.
    public static func number(_ value: Double, _ input: String, in range: InputRange,
                              what: String = "a number") throws(InputError) -> Double {
        guard range.contains(value) else { throw InputError(input: input, expectation: "\(what) in \(range)", given: show(value)) }
        return value
    }

    /// The number written in `text` (surrounding blanks ignored), in `range`.
    public static func number(_ text: String, _ input: String, in range: InputRange,
                              what: String = "a number") throws(InputError) -> Double {
        guard let value = parse(text) else { throw InputError(input: input, expectation: "\(what) in \(range)", given: quote(text)) }
        return try number(value, input, in: range, what: what)
    }

    /// A whole number in `range`.
    public static func count(_ value: Int, _ input: String, in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard range.contains(value) else { throw countError(input, range, given: String(value)) }
        return value
    }

    /// A `Double` that must be a whole number in `range` (JSON numbers arrive as `Double`).
    public static func count(_ value: Double, _ input: String, in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard value.isFinite, value.rounded() == value, abs(value) < 9e15,
              value >= Double(range.lowerBound), value <= Double(range.upperBound)
        else { throw countError(input, range, given: show(value)) }
        return Int(value)
    }

    /// The whole number written in `text`, in `range`.
    public static func count(_ text: String, _ input: String, in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard let value = Int(text.trimmed) else { throw countError(input, range, given: quote(text)) }
        return try count(value, input, in: range)
    }

    /// `value` seconds, in `range` (seconds), as a `Duration`.
    public static func seconds(_ value: Double, _ input: String, in range: InputRange) throws(InputError) -> Duration {
        try duration(value, scale: 1, input, range, unit: "seconds")
    }

    /// The seconds written in `text`, in `range` (seconds), as a `Duration`.
    public static func seconds(_ text: String, _ input: String, in range: InputRange) throws(InputError) -> Duration {
        guard let value = parse(text) else { throw durationError(input, range, unit: "seconds", given: quote(text)) }
        return try seconds(value, input, in: range)
    }

    /// `value` milliseconds, in `range` (milliseconds), as a `Duration`.
    public static func milliseconds(_ value: Double, _ input: String, in range: InputRange) throws(InputError) -> Duration {
        try duration(value, scale: 1e-3, input, range, unit: "milliseconds")
    }

    /// The milliseconds written in `text`, in `range` (milliseconds), as a `Duration`.
    public static func milliseconds(_ text: String, _ input: String, in range: InputRange) throws(InputError) -> Duration {
        guard let value = parse(text) else { throw durationError(input, range, unit: "milliseconds", given: quote(text)) }
        return try milliseconds(value, input, in: range)
    }

    /// A ratio in `range` (by default `(0, 1]`: a share that cannot be zero).
    public static func ratio(_ value: Double, _ input: String, in range: InputRange = .above(0, through: 1))
        throws(InputError) -> Double {
        try number(value, input, in: range, what: "a ratio")
    }

    private static func duration(_ value: Double, scale: Double, _ input: String, _ range: InputRange,
                                 unit: String) throws(InputError) -> Duration {
        let seconds = value * scale
        guard range.contains(value), abs(seconds) <= maximumSeconds else {
            throw durationError(input, range, unit: unit, given: show(value))
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    private static func durationError(_ input: String, _ range: InputRange, unit: String, given: String) -> InputError {
        InputError(input: input, expectation: "a number of \(unit) in \(range)", given: given)
    }

    private static func countError(_ input: String, _ range: ClosedRange<Int>, given: String) -> InputError {
        InputError(input: input, expectation: "a whole number in [\(range.lowerBound), \(range.upperBound)]", given: given)
    }

    /// A decimal number (`12`, `-0.5`, `1e3`); not `nan`, `inf`, hex or empty text.
    private static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ "0123456789+-.eE".utf8.contains($0) }) else { return nil }
        return Double(trimmed)
    }

    private static func show(_ value: Double) -> String { InputRange.show(value) }

    private static func quote(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"\(shown)\""
    }
}

extension String {
    fileprivate var trimmed: Substring {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
