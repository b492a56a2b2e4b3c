import DequeModule
import Logging
import Synchronization

/// Keeps every request inside Upbit's per-group limits.
///
/// ```swift
/// let limiter = RateLimiter()
/// let permit = try await limiter.acquire(endpoint: "/v1/ticker", method: "GET")
/// // … send the request …
/// limiter.report(endpoint: "/v1/ticker", method: "GET", status: 200, remainingReq: header)
/// ```
///
/// Each group has its own FIFO queue and window-safe scheduler (``WindowScheduler``).
/// Reports feed the zero-429 policy (``AdaptiveRate``), 418 blocks of a whole scope, and a
/// per-group ``CircuitBreaker``. ``status()`` returns the one ``StatusFrame`` that the
/// console, the sidecar and the recorder read.
public final class RateLimiter: Sendable {
    struct Shared: Sendable {
        var emergencyUntil: Int64?
        var bans: [LimitScope: ScopeBans] = [:]
        /// Where the limit table in force came from (changes on reload).
        var limitsSource: String
        var events: Deque<LimiterEvent> = []
        var nextEventID: UInt64 = 0
        var seq: UInt64 = 0
    }

    /// The configuration the limiter was built with.
    public let configuration: RateLimiterConfiguration
    /// The clock every decision reads.
    public let clock: any LimiterClock
    let endpoints: EndpointMap
    let limiters: GroupDirectory
    /// Group names in table order.
    public let groupNames: [GroupID]
    let shared: Mutex<Shared>
    let logger: Logger
    let startedAt: Int64

    /// Creates a limiter; `clock` defaults to the system's monotonic clock.
    public init(configuration: RateLimiterConfiguration = .init(), clock: any LimiterClock = SystemLimiterClock(),
                logger: Logger = Logger(label: "upbit.ratelimit")) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        endpoints = EndpointMap(table: configuration.limits)
        groupNames = configuration.limits.groups.map(\.name)
        limiters = GroupDirectory(configuration.limits.groups.map {
            ($0.name, GroupLimiter(group: $0, configuration: configuration, clock: clock))
        })
        startedAt = clock.now()
        shared = Mutex(Shared(limitsSource: configuration.limits.source))
    }

    // MARK: Acquiring

    /// The group a request is charged to.
    public func route(endpoint: String, method: String, hasOrigin: Bool = false) -> EndpointRoute {
        endpoints.route(method: method, path: endpoint, hasOrigin: hasOrigin)
    }

    /// Waits for permission to send one request to `endpoint`.
    ///
    /// Callers of one group are served first come, first served. Throws
    /// ``RateLimitError`` when `timeout` (default: the configuration's) passes, when the
    /// scope is blocked after a 418 or the circuit is open (both with `retryAfter`), and
    /// `CancellationError` when the task is cancelled: the waiter leaves the queue at once.
    /// With a ``RateLimiterConfiguration/tracer``, the call is an `upbit.acquire` span (its time in
    /// the queue an `upbit.wait` child) under the task's current `ServiceContext`.
    ///
    /// With a `lease` (the longest the request may take to be answered or abandoned) the
    /// permit's window slot counts until its answer is reported with ``report(_:status:remainingReq:blockFor:)``
    /// instead of until a fixed margin after the release: no margin for network jitter is
    /// needed, so a saturated group uses its whole limit without a 429.
    public func acquire(endpoint: String, method: String = "GET", hasOrigin: Bool = false,
                        timeout: Duration? = nil, lease: Duration? = nil,
                        correlationID: String? = nil) async throws -> Permit {
        let route = route(endpoint: endpoint, method: method, hasOrigin: hasOrigin)
        let limiter = try limiter(for: route)
        return try await traced(group: route.group, request: (endpoint, method), correlationID: correlationID) {
            try await limiter.acquire(timeout: timeoutNanos(timeout), correlationID: correlationID, lease: leaseNanos(lease))
        }
    }

    /// Waits for permission to send one request charged to `group`.
    public func acquire(group: GroupID, timeout: Duration? = nil, lease: Duration? = nil,
                        correlationID: String? = nil) async throws -> Permit {
        guard let limiter = limiters[group] else { throw RateLimitError.unknownGroup(group) }
        return try await traced(group: group, request: nil, correlationID: correlationID) {
            try await limiter.acquire(timeout: timeoutNanos(timeout), correlationID: correlationID, lease: leaseNanos(lease))
        }
    }

    /// A permit now, or nil when the request would have to wait (never suspends). With a tracer, a grant
    /// is an `upbit.acquire` span; a refusal makes none.
    public func tryAcquire(endpoint: String, method: String = "GET", hasOrigin: Bool = false,
                           lease: Duration? = nil, correlationID: String? = nil) -> Permit? {
        let start = spanStart
        let route = route(endpoint: endpoint, method: method, hasOrigin: hasOrigin)
        let permit = (try? limiter(for: route))?.tryAcquire(correlationID: correlationID, lease: leaseNanos(lease))
        tracedGrant(permit, since: start, request: (endpoint, method))
        return permit
    }

    /// A permit for `group` now, or nil (never suspends).
    public func tryAcquire(group: GroupID, lease: Duration? = nil, correlationID: String? = nil) -> Permit? {
        let start = spanStart
        let permit = limiters[group]?.tryAcquire(correlationID: correlationID, lease: leaseNanos(lease))
        tracedGrant(permit, since: start, request: nil)
        return permit
    }

    private func limiter(for route: EndpointRoute) throws -> GroupLimiter {
        guard let limiter = limiters[route.group] else { throw RateLimitError.unknownGroup(route.group) }
        if !route.isMapped { limiter.withMachine { m in m.counters.unmapped += 1; return ((), []) } }
        return limiter
    }

    private func timeoutNanos(_ timeout: Duration?) -> Int64 {
        max(0, (timeout ?? configuration.defaultTimeout).nanoseconds)
    }

    /// A lease clamped to [margin, maxLease]: never shorter than an ordinary release counts,
    /// never so long that its bound overflows or holds a slot for hours.
    private func leaseNanos(_ lease: Duration?) -> Int64? {
        let lower = max(.zero, configuration.margin)
        return lease.map { $0.clamped(to: lower...max(lower, configuration.maxLease)).nanoseconds }
    }

    /// Callers waiting in `group`'s queue now (0 for an unknown group).
    public func queueDepth(of group: GroupID) -> Int {
        limiters[group]?.withMachine { m in (m.queueDepth, []) } ?? 0
    }

    // MARK: Events

    func emit(_ kind: LimiterEvent.Kind, group: GroupID? = nil, correlationID: String? = nil) {
        let (name, message) = kind.rendered
        let t = clock.wallNow()
        shared.withLock { s in
            s.nextEventID += 1
            s.events.append(LimiterEvent(id: s.nextEventID, t: t, kind: name, group: group, message: message,
                                         correlationID: correlationID))
            while s.events.count > configuration.eventCapacity { s.events.removeFirst() }
        }
        var metadata: Logger.Metadata = ["event": "\(name)"]
        if let group { metadata["group"] = "\(group)" }
        if let correlationID { metadata["correlation_id"] = "\(correlationID)" }
        logger.notice("\(message)", metadata: metadata)
    }

    /// Adds an event from outside the core (operator actions, supervisor, alerts) to the log and status.
    public func note(_ kind: LimiterEvent.Kind, group: GroupID? = nil, correlationID: String? = nil) {
        emit(kind, group: group, correlationID: correlationID)
    }

    /// Emits the events the groups noted; `correlationID` names the report that caused them.
    func collectGroupEvents(correlationID: String? = nil) {
        for name in groupNames {
            for kind in limiters[name]!.withMachine({ m in (m.drainEvents(), []) }) {
                emit(kind, group: name, correlationID: correlationID)
            }
        }
    }
}

extension RateLimiter {
    /// Applies new windows to the groups of `table` that this limiter has (a reload).
    ///
    /// Waiters stay queued, and every window — lengthened, shortened, added or removed —
    /// reads the group's one log of settle instants, which keeps at least a minute (or the
    /// longest window) of history: the window invariant holds across the change, counting
    /// releases made before it (docs/ARCHITECTURE.md). Groups that are new in `table` need a
    /// restart and are returned. The status shows the new limits and `table.source`.
    @discardableResult
    public func updateLimits(_ table: LimitTable) -> [GroupID] {
        var unknown: [GroupID] = []
        for group in table.groups {
            guard let limiter = limiters[group.name] else { unknown.append(group.name); continue }
            limiter.withMachine { m in m.reconfigure(windows: group.windows); return ((), []) }
            limiter.wakeSleepers()
        }
        shared.withLock { $0.limitsSource = table.source }
        emit(.configReloaded)
        return unknown
    }
}
