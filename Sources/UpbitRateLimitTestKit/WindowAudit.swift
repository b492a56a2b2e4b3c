/// A strict checker of the window invariant: at most `limit` releases in any interval
/// `[t, t + window)` — every sliding window, so every fixed alignment too.
public struct WindowAudit: Sendable {
    public let limit: Int
    public let windowNanos: Int64

    public init(limit: Int, windowNanos: Int64) {
        self.limit = limit
        self.windowNanos = windowNanos
    }

    /// The releases (indices into the sorted times) that were the `limit+1`-th or later in some window.
    public func violations(in releases: [Int64]) -> [Int] {
        let times = releases.sorted()
        guard times.count > limit else { return [] }
        return (limit..<times.count).filter { times[$0] - times[$0 - limit] < windowNanos }
    }

    /// The most releases found in any window.
    public func peak(in releases: [Int64]) -> Int {
        let times = releases.sorted()
        var start = 0
        var best = 0
        for end in times.indices {
            while times[end] - times[start] >= windowNanos { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }
}
