extension TextFormat {
    /// `60%`: a ratio from a feed as a whole percentage, clamped so it never traps.
    static func share(_ ratio: Double) -> String { "\(Int((bounded(ratio) * 100).rounded()))%" }

    /// `value` within [0, 1e12]; NaN reads as 0: feed numbers made safe for integer conversion.
    static func bounded(_ value: Double) -> Double { value.isNaN ? 0 : min(1e12, max(0, value)) }
}
