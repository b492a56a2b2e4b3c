import Synchronization
import UpbitRateLimit

/// The embedded demo: the seed's scenarios driving a ``RateLimiter`` against a
/// ``SimulatedExchange``, so the console shows real feedback (waits, queues, 429s if any,
/// circuit activity during the degradation).
///
/// Every call is acquire → simulated call → `report(status, Remaining-Req)`. All time is
/// the limiter's clock: with `SystemLimiterClock` the demo runs in real time for the
/// console; with a manual clock a test runs minutes of it in a moment.
///
/// ```swift
/// let workload = DemoWorkload(limiter: limiter, exchange: SimulatedExchange(clock: limiter.clock))
/// let task = Task { await workload.run() }   // cycles all scenarios until cancelled
/// ```
public final class DemoWorkload: Sendable {
    private struct State: Sendable {
        var current: DemoScenario?
        var tally = DemoTally()
        var grants: [GroupID: [Int64]] = [:]
        var random: SeededGenerator
    }

    /// The limiter under test.
    public let limiter: RateLimiter
    /// The exchange it talks to.
    public let exchange: SimulatedExchange
    /// The scenario to repeat, or nil to cycle through all of them.
    public let scenario: DemoScenario?
    /// Sizes and timeouts.
    public let configuration: Configuration
    private let state: Mutex<State>

    /// A workload of `scenario` (nil: cycle all) on `limiter` against `exchange`.
    public init(limiter: RateLimiter, exchange: SimulatedExchange, scenario: DemoScenario? = nil,
                configuration: Configuration = .init()) {
        self.limiter = limiter
        self.exchange = exchange
        self.scenario = scenario
        self.configuration = configuration
        state = Mutex(State(random: SeededGenerator(seed: configuration.seed)))
    }

    /// The scenario playing now, if any.
    public var current: DemoScenario? { state.withLock { $0.current } }

    /// What the workload's calls got so far.
    public var tally: DemoTally { state.withLock { $0.tally } }

    /// Release instants of every permit, per group (only with ``Configuration/recordsGrants``).
    public var grants: [GroupID: [Int64]] { state.withLock { $0.grants } }

    /// Plays the chosen scenario, or all of them in turn, over and over until cancelled.
    public func run() async {
        let order = scenario.map { [$0] } ?? DemoScenario.allCases
        do {
            while true {
                for next in order { try await run(next) }
            }
        } catch {
            state.withLock { $0.current = nil }
        }
    }

    /// Plays `scenario` once; throws `CancellationError` when cancelled.
    public func run(_ scenario: DemoScenario) async throws {
        state.withLock { $0.current = scenario }
        switch scenario {
        case .normal: try await normalMonitoring()
        case .volatility: try await volatilitySpike()
        case .shock: try await marketShock()
        case .degradation: try await gradualDegradation()
        case .endurance: try await endurance()
        }
    }

    // MARK: Calls

    /// One call: acquire a leased permit → send → report (which closes the lease). Returns the status, or nil when the limiter refused.
    @discardableResult
    func call(_ method: String, _ endpoint: String) async throws -> Int? {
        let permit: Permit
        do {
            permit = try await limiter.acquire(endpoint: endpoint, method: method, timeout: configuration.acquireTimeout,
                                               lease: configuration.callTimeout + .seconds(1))
        } catch let refusal as RateLimitError {
            state.withLock { $0.tally.refused += 1 }
            if let retry = refusal.retryAfter { try await pause(min(retry, configuration.longestBackoff)) }
            return nil
        }
        if configuration.recordsGrants {
            state.withLock { $0.grants[permit.group, default: []].append(permit.releasedAt) }
        }
        let answer = try await exchange.send(endpoint: endpoint, method: method, client: configuration.client,
                                             sentAt: permit.releasedAt, timeout: configuration.callTimeout)
        limiter.report(permit, status: answer.status, remainingReq: answer.remainingReq, blockFor: answer.blockFor)
        state.withLock { $0.tally.count(status: answer.status) }
        return answer.status
    }

    /// Sleeps `duration` on the limiter's clock.
    func pause(_ duration: Duration) async throws {
        try await limiter.clock.sleep(until: limiter.clock.now() + duration.nanoseconds)
    }

    /// A uniform random duration in `[0, bound]`, from the workload's seeded generator.
    func random(upTo bound: Duration) -> Duration {
        .nanoseconds(state.withLock { $0.random.uniform(upTo: bound.nanoseconds) })
    }

    /// Runs `count` copies of `body` (given their index) concurrently and waits for all.
    func crowd(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count { group.addTask { try await body(index) } }
            try await group.waitForAll()
        }
    }
}
