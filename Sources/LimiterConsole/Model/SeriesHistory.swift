import UpbitRateLimit

/// One second of a group's recent past, for the detail view's charts.
public struct GroupSample: Hashable, Sendable {
    /// The second (unix, rounded down) the sample covers.
    public var second: Double
    /// Deepest queue seen in the second.
    public var queue: Int
    /// Grants per second since the previous sample (0 for the first).
    public var grantsPerSecond: Double
    /// The rate in force: published rate × rate ratio, requests per second.
    public var limitPerSecond: Double
    /// Highest wait percentiles reported in the second, ms.
    public var waitP50: Double, waitP95: Double
    /// Lowest rate ratio seen in the second.
    public var ratio: Double
    var granted: UInt64
    var t: Double
}

/// Per-second samples of every group over the last ``capacity`` seconds, built from the
/// frames the console shows (so it works the same for embedded, remote and replay feeds).
public struct SeriesHistory: Hashable, Sendable {
    /// Seconds kept per group.
    public let capacity: Int
    private var samples: [GroupID: [GroupSample]] = [:]

    /// An empty history of `capacity` seconds.
    public init(capacity: Int = 600) { self.capacity = max(2, capacity) }

    /// Folds `frame` into the second it belongs to.
    public mutating func append(_ frame: StatusFrame) {
        guard frame.t.isFinite else { return }
        let second = frame.t.rounded(.down)
        for group in frame.groups {
            var list = samples[group.name] ?? []
            var sample = GroupSample(second: second, queue: group.queueDepth, grantsPerSecond: 0,
                                     limitPerSecond: group.limitPerSecond * group.rateRatio, waitP50: group.waitMs.p50,
                                     waitP95: group.waitMs.p95, ratio: group.rateRatio, granted: group.grantedTotal,
                                     t: frame.t)
            if let last = list.last, last.second == second {
                list.removeLast()
                sample.queue = max(sample.queue, last.queue)
                sample.waitP50 = max(sample.waitP50, last.waitP50)
                sample.waitP95 = max(sample.waitP95, last.waitP95)
                sample.ratio = min(sample.ratio, last.ratio)
            }
            if let previous = list.last, frame.t > previous.t, group.grantedTotal >= previous.granted {
                sample.grantsPerSecond = Double(group.grantedTotal - previous.granted) / (frame.t - previous.t)
            }
            list.append(sample)
            if list.count > capacity { list.removeFirst(list.count - capacity) }
            samples[group.name] = list
        }
    }

    /// The samples of `group`, oldest first.
    public func samples(of group: GroupID) -> [GroupSample] { samples[group] ?? [] }

    /// Forgets everything (a replay jumped).
    public mutating func removeAll() { samples.removeAll() }
}
