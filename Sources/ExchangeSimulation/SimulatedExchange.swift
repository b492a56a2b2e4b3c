import Synchronization
import UpbitRateLimit

/// An in-process Upbit that bites: the ``ExchangeEnforcer`` behind simulated latency,
/// jitter and faults, on a ``LimiterClock`` (real or manual).
///
/// ```swift
/// let exchange = SimulatedExchange(clock: clock)
/// let answer = try await exchange.send(endpoint: "/v1/ticker", method: "GET",
///                                      client: ClientIdentity(ip: "10.0.0.1"))
/// limiter.report(endpoint: "/v1/ticker", method: "GET", status: answer.status,
///                remainingReq: answer.remainingReq)
/// ```
///
/// A request leaves at `sentAt`, arrives after half the latency plus jitter, is judged at
/// that instant, and its answer comes back after the other half, the processing time and
/// any slow-answer delay. The HTTP emulator uses the same path for every request.
public final class SimulatedExchange: Sendable {
    private struct State: Sendable {
        var enforcer: ExchangeEnforcer
        var conditions: ExchangeConditions
        var sinceUpdate = 0
        var random: SeededGenerator
    }

    /// The clock the exchange sleeps on.
    public let clock: any LimiterClock
    private let state: Mutex<State>

    /// An exchange enforcing `rules` under `conditions`; `seed` fixes every random choice.
    public init(rules: ExchangeEnforcer.Configuration = .init(), conditions: ExchangeConditions = .init(),
                clock: any LimiterClock = SystemLimiterClock(), seed: UInt64 = 0x5EED) {
        self.clock = clock
        state = Mutex(State(enforcer: ExchangeEnforcer(configuration: rules), conditions: conditions,
                            random: SeededGenerator(seed: seed)))
    }

    /// The conditions in force.
    public var conditions: ExchangeConditions { state.withLock { $0.conditions } }

    /// Replaces the conditions; a degradation schedule starts counting from now.
    public func update(_ conditions: ExchangeConditions) {
        state.withLock { s in
            s.conditions = conditions
            s.sinceUpdate = 0
        }
    }

    /// Requests, 429s, 418s and simulated 5xx per group since the start.
    public func stats() -> [GroupID: GroupCounts] { state.withLock { $0.enforcer.stats } }

    /// The group the exchange charges a request to.
    public func route(endpoint: String, method: String, hasOrigin: Bool = false) -> GroupID {
        state.withLock { $0.enforcer.route(endpoint: endpoint, method: method, hasOrigin: hasOrigin) }
    }

    /// Sends one request and waits for the answer on the exchange's clock.
    ///
    /// - Parameters:
    ///   - sentAt: when the request left the client (default: now); a permit's
    ///     `releasedAt` keeps a lagging test task from bunching its arrival.
    ///   - timeout: the client gives up after this long: the answer is `status: 0` at
    ///     `sentAt + timeout` (the exchange still counted the request if it arrived).
    /// - Throws: `CancellationError` when the calling task is cancelled.
    public func send(endpoint: String, method: String = "GET", hasOrigin: Bool = false, client: ClientIdentity,
                     sentAt: Int64? = nil, timeout: Duration? = nil) async throws -> ExchangeResponse {
        let departure = sentAt ?? clock.now()
        let inbound = state.withLock { s in
            s.conditions.latency.nanoseconds / 2 + s.random.uniform(upTo: s.conditions.jitter.nanoseconds)
        }
        let arrival = departure + inbound
        let giveUp = timeout.map { departure + $0.nanoseconds } ?? .max
        if arrival > giveUp {
            try await clock.sleep(until: giveUp)
            return ExchangeResponse.timedOut(after: giveUp - departure, group: route(endpoint: endpoint, method: method))
        }
        try await clock.sleep(until: arrival)
        var answer = judge(endpoint: endpoint, method: method, hasOrigin: hasOrigin, client: client, at: arrival)
        let back = arrival + answer.outboundNanos
        if back > giveUp {
            try await clock.sleep(until: giveUp)
            return ExchangeResponse.timedOut(after: giveUp - departure, group: answer.verdict.group)
        }
        try await clock.sleep(until: back)
        answer.latencyNanos = back - departure
        return answer
    }

    /// Judges a request that arrived at `arrival`: the verdict, a possible fault, and the
    /// time its answer takes to go back (processing, slow answer, half the latency, jitter).
    public func judge(endpoint: String, method: String = "GET", hasOrigin: Bool = false, client: ClientIdentity,
                      at arrival: Int64) -> ExchangeResponse {
        state.withLock { s in
            let group = s.enforcer.route(endpoint: endpoint, method: method, hasOrigin: hasOrigin)
            let verdict = s.enforcer.admit(group: group, client: client, now: arrival)
            let c = s.conditions
            s.sinceUpdate += 1
            var outbound = c.latency.nanoseconds - c.latency.nanoseconds / 2 + s.random.uniform(upTo: c.jitter.nanoseconds)
            outbound += c.processing(at: s.sinceUpdate - 1).nanoseconds
            if c.slowRate > 0, Double.random(in: 0..<1, using: &s.random) < c.slowRate { outbound += c.slowExtra.nanoseconds }
            var status = verdict.status
            if status == 200, c.errorRate > 0, Double.random(in: 0..<1, using: &s.random) < c.errorRate {
                status = 503
                s.enforcer.recordFault(group: verdict.group)
            }
            return ExchangeResponse(status: status, verdict: verdict, arrivedAt: arrival, outboundNanos: outbound)
        }
    }
}

extension SeededGenerator {
    /// A uniform value in `[0, bound]` (0 when `bound` ≤ 0).
    mutating func uniform(upTo bound: Int64) -> Int64 {
        bound > 0 ? Int64.random(in: 0...bound, using: &self) : 0
    }
}
