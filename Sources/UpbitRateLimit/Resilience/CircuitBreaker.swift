/// A per-group circuit breaker over failures reported by callers (transport errors, 5xx,
/// timeouts), each group with its own counters.
///
/// closed → open after `failureThreshold` failures in a row; open → half-open after
/// `openDuration`; half-open lets probes through, closes after `successThreshold`
/// successes in a row, and opens again on any failure.
///
/// ``admit(now:)`` only *checks*: it may be called any number of times for one request
/// (on enqueue, and again each time a queue's driver wakes) without using anything up.
/// Probes are counted by ``recordProbe(now:)`` when a request is actually released in the
/// half-open state; a probe whose answer never comes back (cancelled, never reported) stops
/// counting after `openDuration`, so the breaker cannot stay stuck half-open.
public struct CircuitBreaker: Hashable, Sendable {
    /// Thresholds (seed: 5 failures, 30–60 s open, 3 successes).
    public struct Policy: Hashable, Sendable, Codable {
        /// Failures in a row that open a closed breaker.
        public var failureThreshold: Int
        /// How long the breaker stays open before it lets probes through.
        public var openDuration: Duration
        /// Successes in a row that close a half-open breaker; also the most probes in flight.
        public var successThreshold: Int
        public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30), successThreshold: Int = 3) {
            self.failureThreshold = failureThreshold
            self.openDuration = openDuration
            self.successThreshold = successThreshold
        }
    }

    /// The breaker's position.
    public enum State: String, Hashable, Sendable, Codable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    /// The thresholds in force.
    public let policy: Policy
    /// The position as last updated; see ``state(at:)`` for the position at an instant.
    public private(set) var state: State = .closed
    /// Failures reported in a row (any state).
    public private(set) var consecutiveFailures = 0
    private var successes = 0
    /// Lease ends of the probes released in the half-open state and not yet answered.
    private var probeLeases: [Int64] = []
    /// When an open breaker turns half-open.
    public private(set) var openUntil: Int64 = .min

    /// A closed breaker with `policy`.
    public init(policy: Policy = Policy()) { self.policy = policy }

    /// The position at `now`: an open breaker whose time is up reads as half-open.
    public func state(at now: Int64) -> State {
        state == .open && now >= openUntil ? .halfOpen : state
    }

    /// Whether a request may go now; when not, how long until it may (nanoseconds).
    ///
    /// Uses nothing up: see ``recordProbe(now:)``.
    public mutating func admit(now: Int64) -> Int64? {
        if state == .open {
            guard now >= openUntil else { return openUntil - now }
            state = .halfOpen
            successes = 0
            probeLeases = []
        }
        guard state == .halfOpen else { return nil }
        probeLeases.removeAll { $0 <= now }
        guard probeLeases.count >= max(1, policy.successThreshold) else { return nil }
        return max(1, probeLeases.min()! - now)
    }

    /// Counts a request released at `now` as a probe when the breaker is half-open.
    public mutating func recordProbe(now: Int64) {
        guard state(at: now) == .halfOpen else { return }
        _ = admit(now: now)
        probeLeases.append(now + max(1, policy.openDuration.nanoseconds))
    }

    /// What a report did to the breaker.
    public enum Transition: Hashable, Sendable { case none, opened, closed }

    /// Records a successful answer.
    public mutating func recordSuccess() -> Transition {
        consecutiveFailures = 0
        guard state == .halfOpen else { return .none }
        successes += 1
        if !probeLeases.isEmpty { probeLeases.removeFirst() }
        guard successes >= policy.successThreshold else { return .none }
        state = .closed
        successes = 0
        probeLeases = []
        return .closed
    }

    /// Records a failed answer at `now`.
    public mutating func recordFailure(now: Int64) -> Transition {
        consecutiveFailures += 1
        let current = state(at: now)
        let trips = current == .halfOpen || (current == .closed && consecutiveFailures >= policy.failureThreshold)
        guard trips else { return .none }
        state = .open
        successes = 0
        probeLeases = []
        let (until, overflow) = now.addingReportingOverflow(max(0, policy.openDuration.nanoseconds))
        openUntil = overflow ? .max : until
        return .opened
    }

    /// Closes the breaker and clears its counters (operator reset).
    public mutating func reset() {
        self = CircuitBreaker(policy: policy)
    }
}
