/// The accepted values of one outside input: an interval of finite numbers, each end open or closed.
///
/// Written as in the docs and in error messages: `[0, 3600]`, `(0, 1]`, `[1, 100000]`.
public struct InputRange: Hashable, Sendable, CustomStringConvertible {
    /// The smallest accepted value (excluded when ``lowerOpen``).
    public let lower: Double
    /// The largest accepted value (excluded when ``upperOpen``).
    public let upper: Double
    /// Whether ``lower`` itself is refused.
    public let lowerOpen: Bool
    /// Whether ``upper`` itself is refused.
    public let upperOpen: Bool

    /// `[lower, upper]`, or with `lowerOpen`/`upperOpen` the open variants.
    public init(_ lower: Double, _ upper: Double, lowerOpen: Bool = false, upperOpen: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.lowerOpen = lowerOpen
        self.upperOpen = upperOpen
    }

    /// `[lower, upper]`.
    public static func closed(_ lower: Double, _ upper: Double) -> InputRange { .init(lower, upper) }

    /// `(lower, upper]`: a positive amount up to `upper` when `lower` is 0.
    public static func above(_ lower: Double, through upper: Double) -> InputRange {
        .init(lower, upper, lowerOpen: true)
    }

    /// Whether `value` is a finite number inside the range.
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        let aboveLower = lowerOpen ? value > lower : value >= lower
        let belowUpper = upperOpen ? value < upper : value <= upper
        return aboveLower && belowUpper
    }

    public var description: String {
        "\(lowerOpen ? "(" : "[")\(Self.show(lower)), \(Self.show(upper))\(upperOpen ? ")" : "]")"
    }

    /// `3600`, `0.05`, `1e+06` → `1000000`: whole numbers without a fraction or exponent.
    static func show(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
