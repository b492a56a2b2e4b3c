import ExchangeSimulation
import Testing
import UpbitHTTPClient
import UpbitRateLimit

/// The seed's scenarios 1, 3 and 4, shortened, through `UpbitClient` and the limiter against
/// the emulator over loopback HTTP (scenario 2 is in `EmulatorEndToEndTests`).
@Suite(.serialized)
struct SeedScenariosOverHTTPTests {
    static let ticker = UpbitRequest(path: "/v1/ticker", parameters: [.init("markets", "KRW-BTC")])

    /// Scenario 1: monitoring → volatility spike → market shock, eight bots.
    @Test func scenario1MonitoringSpikeShock() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        let client = harness.client(RateLimiter())
        try await crowd(8) { _ in
            for _ in 0..<2 {
                _ = try await client.send(Self.ticker)
                _ = try await client.get("/v1/candles/minutes/1", [.init("market", "KRW-BTC")])
                _ = try await client.get("/v1/orderbook", [.init("markets", "KRW-BTC")])
                _ = try await client.get("/v1/accounts")
                try await Task.sleep(for: .milliseconds(500))
            }
            for _ in 0..<3 {
                _ = try await client.send(Self.ticker)
                _ = try await client.get("/v1/orders/chance", [.init("market", "KRW-BTC")])
                try await Task.sleep(for: .seconds(1))
            }
            for _ in 0..<2 {
                _ = try await client.send(UpbitRequest(method: "POST", path: "/v1/orders",
                                                       parameters: [.init("market", "KRW-BTC")]))
                _ = try await client.send(UpbitRequest(method: "DELETE", path: "/v1/order", parameters: [.init("uuid", "x")]))
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        #expect(harness.refusals == (0, 0))
        #expect(harness.emulator.exchange.stats()[.order]?.accepted == 16)
    }

    /// Scenario 3: answers slow from 0.1 s to 0.5 s, then time out or fail: the circuit
    /// opens and the client is refused by the limiter, not by the exchange.
    @Test func scenario3DegradationOpensTheCircuit() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        let limiter = RateLimiter()
        let client = UpbitClient(gate: limiter, configuration: .init(baseURL: harness.baseURL, requestTimeout: .seconds(1),
                                                                     retriesAfter429: 0))
        let healthy = harness.emulator.exchange.conditions
        for processing in [Duration.milliseconds(100), .milliseconds(500)] {
            var slow = healthy
            slow.processing = processing
            harness.emulator.exchange.update(slow)
            for _ in 0..<3 { #expect(try await client.send(Self.ticker).status == 200) }
        }
        var failing = healthy
        failing.processing = .milliseconds(700)
        failing.slowRate = 0.75
        failing.slowExtra = .milliseconds(600)
        failing.errorRate = 0.5
        harness.emulator.exchange.update(failing)
        var refusedByCircuit = false
        for _ in 0..<30 where !refusedByCircuit {
            do {
                _ = try await client.send(Self.ticker)
            } catch let error as RateLimitError {
                refusedByCircuit = error.code == .circuitOpen
            } catch {}
        }
        #expect(refusedByCircuit, "the circuit opened after repeated failures")
        #expect(limiter.status().groups.first { $0.name == .ticker }?.circuit == .open)
        #expect(harness.refusals == (0, 0))
    }

    /// Scenario 4, compressed: each "minute" of a load level starts all its calls at once.
    @Test func scenario4EnduranceBursts() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        let client = harness.client(RateLimiter())
        for perMinute in [30, 60] {
            try await crowd(perMinute + perMinute / 10) { index in
                _ = try await client.send(index < perMinute ? Self.ticker
                                          : UpbitRequest(path: "/v1/orderbook", parameters: [.init("markets", "KRW-BTC")]))
            }
        }
        #expect(harness.refusals == (0, 0))
        #expect(harness.emulator.exchange.stats()[.ticker]?.accepted == 90)
    }

    private func crowd(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count { group.addTask { try await body(index) } }
            try await group.waitForAll()
        }
    }
}
