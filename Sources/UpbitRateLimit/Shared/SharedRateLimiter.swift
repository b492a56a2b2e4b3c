import Synchronization

/// A ``RateLimiter`` whose account-scope groups are shared with other hosts through a
/// ``SharedWindowStore``: strict across hosts, leased, fail-closed.
///
/// ```swift
/// let shared = try SharedRateLimiter(limiter: RateLimiter(), store: store, storeName: "postgres://db:5432/limits")
/// let permit = try await shared.acquire(endpoint: "/v1/orders", method: "POST")
/// // … send the request …
/// await shared.report(permit, status: 201)
/// ```
///
/// The local limiter stays in front (its FIFO queue, pace and feedback); each local grant
/// of a shared group then makes one store call. When the store says wait, the caller waits
/// the store's retry instant and asks again with the same permit id. A store that does not
/// answer within ``SharedLimitsConfiguration/storeTimeout`` refuses the grant (fail closed),
/// except for this host's static reserve, which the store never hands out.
public final class SharedRateLimiter: Sendable {
    /// The local limiter in front of the store.
    public let limiter: RateLimiter
    /// How groups are shared.
    public let configuration: SharedLimitsConfiguration
    /// The store's address without credentials, for the status.
    public let storeName: String
    let store: any SharedWindowStore
    let reserve: InMemoryWindowStore
    let monitor: SharedStoreMonitor
    let sharedGroups: [GroupID: LimitGroup]
    private let sequence = Atomic<UInt64>(0)

    /// Wraps `limiter`; throws a ``ConfigurationError`` naming the setting that does not fit its limits.
    public init(limiter: RateLimiter, store: any SharedWindowStore, storeName: String,
                configuration: SharedLimitsConfiguration = .init()) throws {
        try configuration.validate(against: limiter.configuration.limits)
        self.limiter = limiter
        self.store = store
        self.storeName = storeName
        self.configuration = configuration
        reserve = InMemoryWindowStore(clock: limiter.clock)
        monitor = SharedStoreMonitor(percentilePeriod: limiter.configuration.percentilePeriod)
        sharedGroups = Dictionary(uniqueKeysWithValues: limiter.configuration.limits.groups
            .filter(configuration.shares).map { ($0.name, $0) })
    }

    /// Whether `group` is held in the store.
    public func isShared(_ group: GroupID) -> Bool { sharedGroups[group] != nil }

    // MARK: Acquiring

    /// Waits for permission to send one request to `endpoint` (see ``RateLimiter/acquire(endpoint:method:hasOrigin:timeout:lease:correlationID:)``).
    ///
    /// A shared group's permit is always leased (`lease` or the configured default, at most
    /// the longest lease) and must be reported, released or abandoned. Throws
    /// ``RateLimitError`` `.storeUnavailable` when the store did not answer before `timeout`.
    public func acquire(endpoint: String, method: String = "GET", hasOrigin: Bool = false, timeout: Duration? = nil,
                        lease: Duration? = nil, correlationID: String? = nil) async throws -> SharedPermit {
        let group = limiter.route(endpoint: endpoint, method: method, hasOrigin: hasOrigin).group
        let start = limiter.clock.now()
        guard isShared(group) else {
            let permit = try await limiter.acquire(endpoint: endpoint, method: method, hasOrigin: hasOrigin,
                                                   timeout: timeout, lease: lease, correlationID: correlationID)
            return SharedPermit(permit: permit, ticket: .local, reportBy: permit.reportBy)
        }
        let lease = sharedLease(lease)
        let permit = try await limiter.acquire(endpoint: endpoint, method: method, hasOrigin: hasOrigin,
                                               timeout: timeout, lease: lease, correlationID: correlationID)
        return try await tracedAdmit(permit, lease: lease, deadline: deadline(start, timeout))
    }

    /// Waits for permission to send one request charged to `group`.
    public func acquire(group: GroupID, timeout: Duration? = nil, lease: Duration? = nil,
                        correlationID: String? = nil) async throws -> SharedPermit {
        let start = limiter.clock.now()
        guard isShared(group) else {
            let permit = try await limiter.acquire(group: group, timeout: timeout, lease: lease, correlationID: correlationID)
            return SharedPermit(permit: permit, ticket: .local, reportBy: permit.reportBy)
        }
        let lease = sharedLease(lease)
        let permit = try await limiter.acquire(group: group, timeout: timeout, lease: lease, correlationID: correlationID)
        return try await tracedAdmit(permit, lease: lease, deadline: deadline(start, timeout))
    }

    private func sharedLease(_ lease: Duration?) -> Duration {
        min(max(lease ?? configuration.defaultLease, limiter.configuration.margin), configuration.longestLease)
    }

    private func deadline(_ start: Int64, _ timeout: Duration?) -> Int64 {
        let (deadline, overflow) = start.addingReportingOverflow((timeout ?? limiter.configuration.defaultTimeout).nanoseconds)
        return overflow ? .max : deadline
    }

    /// ``admit(_:lease:deadline:)`` inside an `upbit.store` span when a tracer is configured (a sibling of the
    /// local grant's `upbit.acquire`: the time the account's store took to count it).
    private func tracedAdmit(_ permit: Permit, lease: Duration, deadline: Int64) async throws -> SharedPermit {
        guard let tracer = limiter.configuration.tracer else { return try await admit(permit, lease: lease, deadline: deadline) }
        return try await tracer.withSpan(LimiterSpans.store) { span in
            LimiterSpans.describe(span, group: permit.group, correlationID: permit.correlationID)
            span.attributes["upbit.store"] = storeName
            let shared = try await admit(permit, lease: lease, deadline: deadline)
            span.attributes["upbit.ticket"] = switch shared.ticket {
            case .local: "local"
            case .reserve: "reserve"
            case .store: "store"
            }
            return shared
        }
    }

    /// Counts a local grant account-wide: the reserve first, else one store call, again
    /// after each retry instant, until `deadline`.
    ///
    /// A store call that timed out or failed may still commit later (a paused server resumes
    /// it): its row's lease bound is then at least that call's send instant plus the lease,
    /// and no later. So the permit's `reportBy` counts from the first unanswered call with the
    /// same id; such a grant with less than half its lease left (or any grant past its bound)
    /// is not used, and the next call takes a fresh id (the old row only counts until its
    /// bound: slower, never over the limit).
    private func admit(_ permit: Permit, lease: Duration, deadline: Int64) async throws -> SharedPermit {
        let group = sharedGroups[permit.group]!
        let clock = limiter.clock
        func newID() -> String { "\(configuration.host)-\(sequence.add(1, ordering: .relaxed).newValue)" }
        var id = newID()
        var unanswered: Int64?  // the send instant of the first call with `id` whose outcome is unknown
        let ratio = limiter.limiters[group.name]?.withMachine { m in (m.scheduler.ratio, []) } ?? 1
        do {
            while true {
                let sent = clock.now()
                if configuration.reserve > 0,
                   case .granted = reserve.acquireNow(request(group, id, lease, limit: { _ in configuration.reserve }, ratio))
                {
                    return SharedPermit(permit: permit, ticket: .reserve(permitID: id), reportBy: sent + lease.nanoseconds)
                }
                let wake: Int64
                var called = false
                let shared = request(group, id, lease, limit: { $0 - configuration.reserve * configuration.reservingHosts }, ratio)
                switch await ask(shared, called: &called) {
                case .granted?:
                    let reportBy = min(unanswered ?? sent, sent) + lease.nanoseconds
                    let left = reportBy - clock.now()
                    if left > 0, unanswered == nil || left >= lease.nanoseconds / 2 {
                        return SharedPermit(permit: permit, ticket: .store(permitID: id), reportBy: reportBy)
                    }
                    (id, unanswered) = (newID(), nil)
                    wake = clock.now()
                    if wake > deadline { throw RateLimitError.timeout(group.name) }
                case .retry(let after)?:
                    wake = clock.now() + max(after.nanoseconds, 1_000_000)
                    if wake > deadline { throw RateLimitError.timeout(group.name) }
                case nil:
                    if called { unanswered = unanswered ?? sent }
                    wake = clock.now() + configuration.retryInterval.nanoseconds
                    if wake > deadline {
                        monitor.refused()
                        throw RateLimitError.storeUnavailable(group.name, retryAfter: configuration.retryInterval)
                    }
                }
                try await clock.sleep(until: wake)
            }
        } catch {
            limiter.releaseUnsent(permit)
            throw error
        }
    }

    private func request(_ group: LimitGroup, _ id: String, _ lease: Duration, limit: (Int) -> Int,
                         _ ratio: Double) -> SharedAcquireRequest {
        let windows = group.windows.map {
            LimitWindow(limit: max(0, Int((Double(limit($0.limit)) * ratio).rounded(.down))), seconds: $0.seconds)
        }
        return SharedAcquireRequest(account: configuration.account, group: group.name, windows: windows, permitID: id,
                                    lease: lease, longestLease: configuration.longestLease, host: configuration.host)
    }

    /// One timed store acquire; nil when the store is unavailable. `called` tells whether a
    /// call was made (an unavailable store is asked once per retry interval).
    private func ask(_ request: SharedAcquireRequest, called: inout Bool) async -> SharedVerdict? {
        let clock = limiter.clock
        let sent = clock.now()
        called = monitor.shouldCall(now: sent, interval: configuration.retryInterval)
        guard called else { return nil }
        do {
            let verdict = try await StoreCall.run(timeout: configuration.storeTimeout, clock: clock) { [store] in
                try await store.acquire(request)
            }
            let hosts: Int? = if case .granted(let seen) = verdict { seen } else { nil }
            monitor.answered(after: clock.now() - sent, hostsSeen: hosts, now: clock.now())
            return verdict
        } catch {
            if monitor.unavailable(now: clock.now()) {
                limiter.logger.warning("shared store unavailable: failing closed", metadata: [
                    "group": "\(request.group)", "error": "\(error)", "store": "\(storeName)",
                ])
            }
            return nil
        }
    }
}
