extension Int64 {
    /// `self + other`, clamped to `Int64`'s range instead of trapping (instants far in the
    /// future, `.max` deadlines, huge stated block lengths).
    @inlinable func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, clamped to `Int64`'s range instead of trapping.
    @inlinable func subtractingSaturating(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other > 0 ? .min : .max) : difference
    }

    /// `self * other`, clamped to `Int64`'s range instead of trapping.
    @inlinable func multipliedSaturating(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }
}

extension Duration {
    /// This duration clamped to `[lower, upper]`.
    @inlinable func clamped(to range: ClosedRange<Duration>) -> Duration {
        Swift.min(range.upperBound, Swift.max(range.lowerBound, self))
    }
}
