import Synchronization

/// A ``SharedWindowStore`` inside one process, on a ``LimiterClock``.
///
/// It shares windows between limiters of one process (tests with a manual clock prove the
/// layer with it) and keeps each host's static local reserve in ``SharedRateLimiter``.
/// Its memory is bounded: a log keeps only entries some window still counts.
public final class InMemoryWindowStore: SharedWindowStore {
    private struct Key: Hashable { var account: String; var group: GroupID }
    private struct State {
        var logs: [Key: SlidingLog] = [:]
        var hosts: [String: [String: Int64]] = [:]
    }

    private let clock: any LimiterClock
    private let state = Mutex(State())
    /// How long a host counts as seen after its last acquire.
    private let hostMemory: Int64 = 10_000_000_000

    /// Creates an empty store reading `clock`.
    public init(clock: any LimiterClock) { self.clock = clock }

    public func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict {
        try Task.checkCancellation()
        return acquireNow(request)
    }

    /// ``acquire(_:)`` without suspending.
    public func acquireNow(_ request: SharedAcquireRequest) -> SharedVerdict {
        let now = clock.now()
        let windows = request.windows.map { (limit: $0.limit, length: Duration.seconds($0.seconds).nanoseconds) }
        return state.withLock { s in
            s.hosts[request.account, default: [:]][request.host] = now
            s.hosts[request.account] = s.hosts[request.account]?.filter { $0.value >= now - hostMemory }
            let wait = s.logs[Key(account: request.account, group: request.group), default: SlidingLog()]
                .acquire(permitID: request.permitID, windows: windows, lease: request.lease.nanoseconds, now: now)
            if let wait { return .retry(after: .nanoseconds(wait)) }
            return .granted(hostsSeen: s.hosts[request.account]?.count ?? 1)
        }
    }

    public func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws {
        reportNow(account: account, group: group, permitID: permitID, answerAge: answerAge)
    }

    /// ``report(account:group:permitID:answerAge:)`` without suspending.
    public func reportNow(account: String, group: GroupID, permitID: String, answerAge: Duration = .zero) {
        let answered = clock.now() - max(.zero, answerAge).nanoseconds
        state.withLock { $0.logs[Key(account: account, group: group)]?.report(permitID: permitID, now: answered) }
    }

    public func release(account: String, group: GroupID, permitID: String) async throws {
        releaseNow(account: account, group: group, permitID: permitID)
    }

    /// ``release(account:group:permitID:)`` without suspending.
    public func releaseNow(account: String, group: GroupID, permitID: String) {
        state.withLock { $0.logs[Key(account: account, group: group)]?.release(permitID: permitID) }
    }

    public func hold(account: String, groups: [GroupID], for duration: Duration) async throws {
        let now = clock.now()
        let (until, overflow) = now.addingReportingOverflow(max(0, duration.nanoseconds))
        state.withLock { s in
            for group in groups {
                let key = Key(account: account, group: group)
                var log = s.logs[key] ?? SlidingLog()
                log.heldUntil = max(log.heldUntil, overflow ? .max : until)
                s.logs[key] = log
            }
        }
    }

    /// Permits of `account`'s `group` that a window of `length` counts now (the reserve in use).
    public func entries(account: String, group: GroupID, within length: Duration) -> Int {
        let now = clock.now()
        return state.withLock {
            $0.logs[Key(account: account, group: group)]?.counted(now: now, length: length.nanoseconds) ?? 0
        }
    }
}
