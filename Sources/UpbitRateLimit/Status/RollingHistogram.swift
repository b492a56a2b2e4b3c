import Histogram

/// Latency percentiles over a recent period (between one and two `period`s of samples).
///
/// Two histograms: `current` (this period) and `recent` (the last period and this one, kept up to
/// date by each record), so a read neither copies nor merges; its answer is kept until the next
/// record or rotation, since every status frame asks again (publisher, alerts, metrics, console).
struct RollingHistogram: Sendable {
    private var current = Self.empty()
    private var recent = Self.empty()
    private var rotatedAt: Int64 = .min
    private let period: Int64
    private var percentilesCache: (levels: [Double], values: [Double])?
    private var countsCache: (bounds: [UInt64], counts: [UInt64])?

    init(period: Int64) { self.period = period }

    private static func empty() -> Histogram<UInt64> {
        Histogram(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .two)
    }

    /// Records a value in microseconds.
    mutating func record(micros: Int64, now: Int64) {
        rotate(now: now)
        let value = UInt64(clamping: max(0, min(micros, 3_600_000_000)))
        _ = current.record(value)
        _ = recent.record(value)
        invalidate()
    }

    private mutating func rotate(now: Int64) {
        if rotatedAt == .min { rotatedAt = now }
        guard now - rotatedAt >= period else { return }
        if now - rotatedAt >= 2 * period { recent.reset() } else { recent = current }
        current.reset()
        rotatedAt = now
        invalidate()
    }

    private mutating func invalidate() {
        percentilesCache = nil
        countsCache = nil
    }

    /// Percentiles in milliseconds; zeros when nothing was recorded recently.
    mutating func percentiles(now: Int64, _ levels: [Double]) -> [Double] {
        rotate(now: now)
        if let cache = percentilesCache, cache.levels == levels { return cache.values }
        let values = recent.totalCount == 0 ? levels.map { _ in 0 } : levels.map { Double(recent.valueAtPercentile($0)) / 1000 }
        percentilesCache = (levels, values)
        return values
    }

    /// How many values fell below each of `boundsMicros` (ascending) and above the last one.
    ///
    /// One pass over the recorded buckets: a bucket (a range of equivalent values) counts below the
    /// first bound its lowest value is under, so the counts always add up to the total.
    mutating func counts(now: Int64, boundsMicros: [UInt64]) -> [UInt64] {
        rotate(now: now)
        if let cache = countsCache, cache.bounds == boundsMicros { return cache.counts }
        var counts = [UInt64](repeating: 0, count: boundsMicros.count + 1)
        for bucket in recent.recordedValues() {
            let lowest = recent.lowestEquivalentForValue(bucket.value)
            counts[boundsMicros.firstIndex { lowest < $0 } ?? boundsMicros.count] += UInt64(bucket.count)
        }
        countsCache = (boundsMicros, counts)
        return counts
    }
}
