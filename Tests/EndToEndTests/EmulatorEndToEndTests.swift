import ExchangeSimulation
import LimiterBenchmarks
import Testing
import UpbitEmulator
import UpbitHTTPClient
import UpbitRateLimit

/// Real HTTP over loopback: the limiter keeps a strict emulator at 0 × 429 and 0 × 418,
/// while a client without it, or with a naive "rate N, burst N" bucket, is refused.
@Suite(.serialized)
struct EmulatorEndToEndTests {
    @Test func limitedClientSaturatesWithoutRefusals() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        // The client's permits are leased: each window slot counts until the answer, so even a
        // debug build's scheduling jitter needs no margin (the default 25 ms applies only to
        // permits that are not leased).
        let client = harness.client(RateLimiter())
        let results = await ExchangeSaturationBenchmark(client: client, duration: .seconds(6), concurrency: 16).run()
        for result in results {
            #expect(result.tooMany429 == 0 && result.blocked418 == 0, "\(result)")
            // No throughput figure is asserted (a debug build on shared cores says nothing about speed):
            // the group was served; the share is measured in release builds (`emulate --saturate`).
            #expect(result.accepted > 0, "\(result.group) got no answer")
        }
        #expect(harness.refusals == (0, 0))
    }

    @Test func seedShockThroughHTTPHasNoRefusals() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        let client = harness.client(RateLimiter())
        // Seed scenario 2, shortened: 30 panicking traders: ticker, balance, 3 sell orders, order status.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    _ = try await client.get("/v1/ticker", [.init("markets", "KRW-BTC")])
                    _ = try await client.get("/v1/accounts")
                    for _ in 0..<3 {
                        _ = try await client.send(UpbitRequest(method: "POST", path: "/v1/orders",
                                                               parameters: [.init("market", "KRW-BTC")]))
                    }
                    _ = try await client.get("/v1/order", [.init("uuid", "x")])
                }
            }
            try await group.waitForAll()
        }
        #expect(harness.refusals == (0, 0))
        #expect(harness.emulator.exchange.stats()[.order]?.accepted == 90)
    }

    @Test func clientWithoutLimiterIsRefused() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        let results = await ExchangeSaturationBenchmark(client: harness.client(UnlimitedGate()), duration: .seconds(2),
                                                        concurrency: 8).run([ExchangeSaturationBenchmark.standardTargets[0]])
        #expect(results[0].tooMany429 > 0, "\(results)")
        #expect(harness.refusals.tooMany429 > 0)
    }

    @Test func naiveBucketIsRefused() async throws {
        let harness = try await EmulatorHarness.start()
        defer { harness.stop() }
        let results = await ExchangeSaturationBenchmark(client: harness.client(NaiveBucketGate(rate: 10)),
                                                        duration: .seconds(3), concurrency: 8)
            .run([ExchangeSaturationBenchmark.standardTargets[0]])
        #expect(results[0].tooMany429 > 0, "\(results)")
    }
}
