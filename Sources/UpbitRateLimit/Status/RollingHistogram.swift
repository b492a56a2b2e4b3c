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
    mutating func counts(now: Int64, boundsMicros: [UInt64]) -> [UInt64] {
        rotate(now: now)
        var merged = previous
        merged.add(current)
        var lower: UInt64 = 0
        var counts: [UInt64] = []
        for bound in boundsMicros where bound > lower {
            counts.append(merged.count(within: lower...(bound - 1)))
            lower = bound
        }
        counts.append(merged.totalCount - counts.reduce(0, +))
        return counts
    }
}
