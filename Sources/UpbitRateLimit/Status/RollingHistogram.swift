import Histogram

/// Latency percentiles over a recent period (between one and two `period`s of samples).
struct RollingHistogram: Sendable {
    private var current = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .two)
    private var previous = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .two)
    private var rotatedAt: Int64 = .min
    private let period: Int64

    init(period: Int64) { self.period = period }

    /// Records a value in microseconds.
    mutating func record(micros: Int64, now: Int64) {
        rotate(now: now)
        _ = current.record(UInt64(clamping: max(0, min(micros, 3_600_000_000))))
    }

    private mutating func rotate(now: Int64) {
        if rotatedAt == .min { rotatedAt = now }
        guard now - rotatedAt >= period else { return }
        if now - rotatedAt >= 2 * period { previous.reset() } else { previous = current }
        current.reset()
        rotatedAt = now
    }

    /// Percentiles in milliseconds; zeros when nothing was recorded recently.
    mutating func percentiles(now: Int64, _ levels: [Double]) -> [Double] {
        rotate(now: now)
        var merged = previous
        merged.add(current)
        guard merged.totalCount > 0 else { return levels.map { _ in 0 } }
        return levels.map { Double(merged.valueAtPercentile($0)) / 1000 }
    }

    /// How many values fell below each of `boundsMicros` (ascending) and above the last one.
    ///
    /// Counted cumulatively from zero (a bucket's count within a range includes whole
    /// equivalent-value buckets, so separate ranges could overlap): the counts always add up
    /// to the total.
    mutating func counts(now: Int64, boundsMicros: [UInt64]) -> [UInt64] {
        rotate(now: now)
        var merged = previous
        merged.add(current)
        var counts: [UInt64] = []
        var below: UInt64 = 0
        for bound in boundsMicros {
            let cumulative = bound == 0 ? 0 : min(merged.totalCount, max(below, merged.count(within: 0...(bound - 1))))
            counts.append(cumulative - below)
            below = cumulative
        }
        counts.append(merged.totalCount - below)
        return counts
    }
}
