import DequeModule
import UpbitRateLimit

/// The server's count of one published window for one scope key.
///
/// Sliding mode keeps the arrival instants of the last `limit` accepted requests and admits
/// one more only when fewer than `limit` fall in `(t - W, t]`: the strict reading of
/// "N per W". Fixed mode counts requests in windows aligned on multiples of `W` from the
/// clock's origin, as a naive server would.
struct WindowCounter: Sendable {
    let limit: Int
    let lengthNanos: Int64
    let mode: ExchangeEnforcer.WindowMode
    private var log: Deque<Int64> = []
    private var bucket: Int64 = .min
    private var bucketCount = 0

    init(window: LimitWindow, mode: ExchangeEnforcer.WindowMode) {
        limit = window.limit
        lengthNanos = max(1, Int64((window.seconds * 1e9).rounded()))
        self.mode = mode
    }

    /// Requests counted in the window that ends at `now`: `(now - W, now]`.
    mutating func used(now: Int64) -> Int {
        switch mode {
        case .sliding:
            return log.reversed().prefix { $0 > now - lengthNanos }.filter { $0 <= now }.count
        case .fixed:
            let current = now >= 0 ? now / lengthNanos : (now - lengthNanos + 1) / lengthNanos
            if current != bucket {
                bucket = current
                bucketCount = 0
            }
            return bucketCount
        }
    }

    /// Whether one more request fits at `now`.
    ///
    /// Sliding mode judges an arrival stamped earlier than others already counted (a task
    /// that ran late) exactly: with it inserted in order, no `limit + 1` requests may fall
    /// within any interval shorter than `W`.
    mutating func hasRoom(now: Int64) -> Bool {
        guard mode == .sliding else { return used(now: now) < limit }
        var times = Array(log)
        times.insert(now, at: times.firstIndex { $0 > now } ?? times.count)
        let p = times.firstIndex(of: now)!
        for start in max(0, p - limit)...p where start + limit < times.count {
            if times[start + limit] - times[start] < lengthNanos { return false }
        }
        return true
    }

    /// Counts one accepted request at `now` (call after ``hasRoom(now:)``).
    mutating func record(now: Int64) {
        switch mode {
        case .sliding:
            log.insert(now, at: log.firstIndex { $0 > now } ?? log.count)
            let horizon = (log.last ?? now) - 2 * lengthNanos
            while log.count > limit, let first = log.first, first < horizon || log.count > 4 * limit {
                log.removeFirst()
            }
        case .fixed:
            _ = used(now: now)
            bucketCount += 1
        }
    }

    /// Requests left in the window that contains `now`.
    mutating func remaining(now: Int64) -> Int { max(0, limit - used(now: now)) }
}
