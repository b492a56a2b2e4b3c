import Foundation

/// The seed's performance baseline: each group's p95 wait averaged over about an hour
/// (an exponentially weighted mean on the frames' wall time), against which the P3 rule
/// `performance_baseline_deviation` compares the current p95 wait.
///
/// The deviation is 0 until a group has been watched for ``warmUp`` and while its
/// baseline is below ``floorMs`` (a few milliseconds more on a near-zero wait is no
/// degradation).
public struct PerformanceBaseline: Sendable {
    struct Mean: Sendable {
        var value: Double
        var first: Double
        var last: Double
    }

    /// The mean's time constant, seconds.
    public var timeConstant: Double
    /// How long a group is watched before it is judged, seconds.
    public var warmUp: Double
    /// The smallest baseline p95 wait judged, milliseconds.
    public var floorMs: Double
    private var means: [GroupID: Mean] = [:]

    /// A baseline over about an hour, judged after ten minutes, from 5 ms on.
    public init(timeConstant: Double = 3600, warmUp: Double = 600, floorMs: Double = 5) {
        self.timeConstant = max(1, timeConstant)
        self.warmUp = max(0, warmUp)
        self.floorMs = max(0, floorMs)
    }

    /// Folds the p95 waits of `frame` (taken at `frame.t`, unix seconds) into the means.
    public mutating func update(with frame: StatusFrame) {
        for g in frame.groups where g.waitMs.p95.isFinite && g.waitMs.p95 >= 0 {
            guard var mean = means[g.name] else {
                means[g.name] = Mean(value: g.waitMs.p95, first: frame.t, last: frame.t)
                continue
            }
            let elapsed = frame.t - mean.last
            guard elapsed > 0, elapsed.isFinite else { continue }
            let weight = 1 - exp(-elapsed / timeConstant)
            mean.value += (g.waitMs.p95 - mean.value) * weight
            mean.last = frame.t
            means[g.name] = mean
        }
    }

    /// How far `group`'s current p95 wait is above its baseline, percent (0 while not judged).
    public func deviationPct(_ group: GroupStatus) -> Double {
        guard let mean = means[group.name], mean.last - mean.first >= warmUp, mean.value >= floorMs,
              group.waitMs.p95.isFinite else { return 0 }
        return max(0, (group.waitMs.p95 / mean.value - 1) * 100)
    }
}
