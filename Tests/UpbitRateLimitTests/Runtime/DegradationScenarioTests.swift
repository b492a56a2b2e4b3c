import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The seed's scenario 3: the API slows down, then fails; the circuit opens, alerts follow,
/// and everything recovers when the API does.
@Suite struct DegradationScenarioTests {
    @Test func slowThenFailingResponsesOpenTheCircuitAndRaiseAlerts() async throws {
        let h = await RuntimeHarness.start()
        let limiter = h.limiter
        var refusedAt: Int?
        for call in 0..<150 {
            guard let permit = limiter.tryAcquire(endpoint: "/v1/ticker", method: "GET", correlationID: "call-\(call)") else {
                do {
                    _ = try await limiter.acquire(endpoint: "/v1/ticker", timeout: .zero)
                } catch let error as RateLimitError {
                    #expect(error.code == .circuitOpen && error.retryAfter != nil)
                    refusedAt = refusedAt ?? call
                }
                h.clock.advance(by: .milliseconds(100))
                continue
            }
            #expect(permit.correlationID == "call-\(call)")
            // Normal (100 ms), slow (500 ms), then over the caller's 3 s timeout: status 0.
            let response: (delay: Duration, status: Int) = call < 50 ? (.milliseconds(100), 200)
                : call < 100 ? (.milliseconds(500), 200) : (.seconds(3), 0)
            h.clock.advance(by: response.delay)
            limiter.report(endpoint: "/v1/ticker", status: response.status, correlationID: "call-\(call)")
            h.clock.advance(by: .milliseconds(100))
        }
        #expect(refusedAt == 105, "five timeouts in a row open the circuit")
        await h.clock.run(until: { h.runtime.alerts.active().contains { $0.rule == "circuit_breaker_opened" } },
                          limit: .seconds(2))
        let frame = h.runtime.status()
        #expect(frame.group(.ticker)?.circuit == .open)
        #expect(frame.alerts.contains { $0.rule == "circuit_breaker_opened" && $0.group == .ticker && $0.level == .p2 })
        #expect(frame.events.contains { $0.kind == "circuit_open" && $0.group == .ticker })

        // The API recovers: after the open period three probes succeed and the circuit closes.
        h.clock.advance(by: .seconds(30))
        #expect(limiter.status().group(.ticker)?.circuit == .halfOpen)
        for _ in 0..<3 {
            #expect(limiter.tryAcquire(endpoint: "/v1/ticker") != nil)
            limiter.report(endpoint: "/v1/ticker", status: 200)
        }
        await h.clock.run(until: { h.runtime.alerts.active().allSatisfy { $0.rule != "circuit_breaker_opened" } },
                          limit: .seconds(2))
        #expect(h.runtime.status().group(.ticker)?.circuit == .closed)
        #expect(h.runtime.alerts.recentlyResolved().contains { $0.rule == "circuit_breaker_opened" })
        await h.stop()
    }
}
