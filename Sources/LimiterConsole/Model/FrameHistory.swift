import UpbitRateLimit

/// The recent past of each group, kept by the console for sparklines.
///
/// Frames only carry the present; the console appends one sample per displayed frame.
public struct FrameHistory: Hashable, Sendable {
    /// Samples kept per group (the widest sparkline the layout draws).
    public let capacity: Int
    private var queueDepths: [GroupID: [Int]] = [:]

    /// An empty history keeping `capacity` samples per group.
    public init(capacity: Int = 240) { self.capacity = max(1, capacity) }

    /// Appends `frame`'s queue depths.
    public mutating func append(_ frame: StatusFrame) {
        for group in frame.groups {
            queueDepths[group.name, default: []].append(group.queueDepth)
            if queueDepths[group.name]!.count > capacity { queueDepths[group.name]!.removeFirst() }
        }
    }

    /// The last `count` queue depths of `group`, oldest first (fewer when the history is young).
    public func queueDepths(of group: GroupID, last count: Int) -> ArraySlice<Int> {
        (queueDepths[group] ?? []).suffix(max(0, count))
    }

    /// Forgets everything (a replay jumped).
    public mutating func removeAll() { queueDepths.removeAll() }
}
