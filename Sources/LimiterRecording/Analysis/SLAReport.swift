import Foundation
import UpbitRateLimit

/// The seed's SLA table computed from a recording: `upbit-limiter replay FILE --sla`.
///
/// - availability: the share of the recording covered by frames (a gap longer than five
///   times the median frame interval, and at least 2 s, counts as down for its length);
/// - zero-429 compliance: granted requests without a 429, over granted requests;
/// - p50/p95/p99 wait: per frame with grants since the previous one, the worst group's
///   percentile; the line is that percentile over those frames;
/// - memory: the highest resident memory; background-task uptime: alive task samples over
///   all task samples. Frames without tasks or memory data (0) leave those lines "no data".
public struct SLAReport: Hashable, Sendable {
    /// One row: a target, the measured value, pass or fail.
    public struct Line: Hashable, Sendable {
        /// The seed's name (`p95_latency_ms`).
        public var name: String
        /// The seed's target.
        public var target: Double
        /// What the recording shows (nil: no data).
        public var actual: Double?
        /// Whether more is better (availability) or less (latency, memory).
        public var higherIsBetter: Bool

        /// Whether the recording meets the target (no data does not).
        public var passed: Bool {
            guard let actual else { return false }
            return higherIsBetter ? actual >= target : actual <= target
        }
    }

    /// The rows in the seed's order.
    public var lines: [Line]
    /// Frames read.
    public var frames: Int

    /// Whether every line passes.
    public var passed: Bool { lines.allSatisfy(\.passed) }

    /// Reads every frame of `reader`.
    public init(reader: RecordingReader) {
        var times: [Double] = [], waits: [[Double]] = [[], [], []]
        var granted: UInt64 = 0, errors429: UInt64 = 0, alive = 0, taskSamples = 0
        var memory: Double?
        var previous: [GroupID: UInt64] = [:], previous429: [GroupID: UInt64] = [:]
        reader.forEachSeriesFrame { _, frame in
            times.append(frame.t)
            var busy: [SeriesFrame.Group] = []
            for g in frame.groups {
                let grants = counterDelta(g.grantedTotal, since: previous[g.name])
                if grants > 0 { busy.append(g) }
                granted += grants
                errors429 += counterDelta(g.errors429Total, since: previous429[g.name])
                (previous[g.name], previous429[g.name]) = (g.grantedTotal, g.errors429Total)
            }
            if !busy.isEmpty {
                waits[0].append(busy.map(\.waitMs.p50).max() ?? 0)
                waits[1].append(busy.map(\.waitMs.p95).max() ?? 0)
                if let p99 = busy.compactMap(\.waitMs.p99).max() { waits[2].append(p99) }
            }
            if let tasks = frame.tasks {
                alive += tasks.count { $0.alive }
                taskSamples += tasks.count
            }
            if let rss = frame.process?.rssMb, rss.isFinite, rss > 0 { memory = max(memory ?? rss, rss) }
        }
        frames = times.count
        let compliance = granted == 0 && errors429 == 0 ? 100 : 100 * (1 - Double(errors429) / Double(max(granted, errors429)))
        lines = [
            Line(name: "availability", target: 99.9, actual: Self.availability(times), higherIsBetter: true),
            Line(name: "zero_429_compliance", target: 99.95, actual: frames > 1 ? compliance : nil, higherIsBetter: true),
            Line(name: "p50_latency_ms", target: 50, actual: Self.percentile(waits[0], 0.50), higherIsBetter: false),
            Line(name: "p95_latency_ms", target: 200, actual: Self.percentile(waits[1], 0.95), higherIsBetter: false),
            Line(name: "p99_latency_ms", target: 500, actual: Self.percentile(waits[2], 0.99), higherIsBetter: false),
            Line(name: "memory_usage_mb", target: 100, actual: memory, higherIsBetter: false),
            Line(name: "background_task_uptime", target: 99.95,
                 actual: taskSamples > 0 ? 100 * Double(alive) / Double(taskSamples) : nil, higherIsBetter: true),
        ]
    }

    /// Percent of the span of `times` covered by frames.
    static func availability(_ times: [Double]) -> Double? {
        guard times.count > 1, let first = times.first, let last = times.last, last > first else { return nil }
        let gaps = zip(times.dropFirst(), times).map { max(0, $0 - $1) }
        let limit = max(2, 5 * (percentile(gaps, 0.5) ?? 0))
        let down = gaps.filter { $0 > limit }.reduce(0, +)
        return 100 * (1 - down / (last - first))
    }

    /// The `q` quantile of `values` (nearest rank); nil when empty.
    static func percentile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
    }
}
