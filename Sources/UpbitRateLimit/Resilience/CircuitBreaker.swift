/// A per-group circuit breaker over failures reported by callers (transport errors, 5xx,
/// timeouts), each group with its own counters.
///
/// closed → open after `failureThreshold` failures in a row; open → half-open after
/// `openDuration`; half-open admits up to `successThreshold` probes and closes after that
/// many successes, or opens again on any failure.
public struct CircuitBreaker: Hashable, Sendable {
    /// Thresholds (seed: 5 failures, 30–60 s open, 3 successes).
    public struct Policy: Hashable, Sendable, Codable {
        public var failureThreshold: Int
        public var openDuration: Duration
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

    public let policy: Policy
    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    private var successes = 0
    private var probesInFlight = 0
    /// When an open breaker turns half-open.
    public private(set) var openUntil: Int64 = .min

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// Whether a request may go now; when not, how long until it may (nanoseconds).
    public mutating func admit(now: Int64) -> Int64? {
        if state == .open {
            guard now >= openUntil else { return openUntil - now }
            state = .halfOpen
            successes = 0
            probesInFlight = 0
        }
        if state == .halfOpen {
            guard probesInFlight < policy.successThreshold else { return max(1, policy.openDuration.nanoseconds / 10) }
            probesInFlight += 1
        }
        return nil
    }

    /// What a report did to the breaker.
    public enum Transition: Hashable, Sendable { case none, opened, closed }

    /// Records a successful answer.
    public mutating func recordSuccess() -> Transition {
        consecutiveFailures = 0
        guard state == .halfOpen else { return .none }
        successes += 1
        probesInFlight = max(0, probesInFlight - 1)
        guard successes >= policy.successThreshold else { return .none }
        state = .closed
        return .closed
    }

    /// Records a failed answer at `now`.
    public mutating func recordFailure(now: Int64) -> Transition {
        consecutiveFailures += 1
        let trips = state == .halfOpen || (state == .closed && consecutiveFailures >= policy.failureThreshold)
        guard trips else { return .none }
        state = .open
        openUntil = now + policy.openDuration.nanoseconds
        return .opened
    }

    /// Closes the breaker and clears its counters (operator reset).
    public mutating func reset() {
        self = CircuitBreaker(policy: policy)
    }
}
