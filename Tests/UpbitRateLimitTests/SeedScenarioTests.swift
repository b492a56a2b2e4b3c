import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The seed's production scenarios 1 and 2 under a ManualClock, checked by a strict window audit.
@Suite struct SeedScenarioTests {
    let clock = ManualClock()

    /// Zero violations of every published window (and of the window plus margin) in `log`.
    func expectNoViolations(_ log: PermitLog, limiter: RateLimiter) {
        for group in limiter.configuration.limits.groups {
            let releases = log.releases(of: group.name)
            for window in group.windows {
                let strict = WindowAudit(limit: window.limit, windowNanos: Int64(window.seconds * 1e9))
                let padded = WindowAudit(limit: window.limit,
                                         windowNanos: Int64(window.seconds * 1e9) + limiter.configuration.margin.nanoseconds)
                #expect(strict.violations(in: releases).isEmpty, "\(group.name): \(strict.peak(in: releases)) in a window")
                #expect(padded.violations(in: releases).isEmpty, "\(group.name) with margin")
            }
        }
    }

    @Test func scenario1NormalThenVolatilityThenMarketShock() async throws {
        let limiter = RateLimiter(clock: clock)
        let log = PermitLog()
        let clock = self.clock
        let finished = Flag()
        let bot = Task {
            defer { finished.raise() }
            for _ in 0..<60 {  // normal monitoring: ticker every 5 s for 5 min
                log.append(try await limiter.acquire(endpoint: "/ticker"))
                try await clock.sleep(until: clock.now() + 5_000_000_000)
            }
            for _ in 0..<30 {  // volatility: ticker + order chance every second
                log.append(try await limiter.acquire(endpoint: "/ticker"))
                log.append(try await limiter.acquire(endpoint: "/orders/chance"))
                try await clock.sleep(until: clock.now() + 1_000_000_000)
            }
            for _ in 0..<10 {  // market shock: order, cancel every half second
                log.append(try await limiter.acquire(endpoint: "/ticker"))
                log.append(try await limiter.acquire(endpoint: "/orders", method: "POST"))
                try await clock.sleep(until: clock.now() + 500_000_000)
                log.append(try await limiter.acquire(endpoint: "/v1/order", method: "DELETE"))
                try await clock.sleep(until: clock.now() + 500_000_000)
            }
        }
        await clock.run(until: { finished.isRaised })
        #expect(log.all.count == 60 + 60 + 30)
        try await bot.value
        expectNoViolations(log, limiter: limiter)
        #expect(log.all.allSatisfy { $0.waitedNanos == 0 }, "this pattern never needs to wait")
        let status = limiter.status()
        #expect(status.groups.allSatisfy { $0.errors429Total == 0 && $0.timeoutsTotal == 0 })
    }

    @Test func scenario2HundredPanickingTraders() async throws {
        let limiter = RateLimiter(clock: clock)
        let log = PermitLog()
        let clock = self.clock
        let traders = (0..<100).map { i in
            Task {
                do {
                    let timeout = Duration.seconds(120)
                    log.append(try await limiter.acquire(endpoint: "/ticker", timeout: timeout, correlationID: "t\(i)"))
                    log.append(try await limiter.acquire(endpoint: "/accounts", timeout: timeout))
                    for _ in 0..<3 {
                        log.append(try await limiter.acquire(endpoint: "/orders", method: "POST", timeout: timeout))
                        try await clock.sleep(until: clock.now() + 100_000_000)
                    }
                    log.append(try await limiter.acquire(endpoint: "/orders", method: "GET", timeout: timeout))
                } catch {
                    log.fail(error)
                }
            }
        }
        let end = await clock.run(until: { log.all.count + log.errors.count == 600 })
        for trader in traders { await trader.value }
        #expect(log.errors.isEmpty)
        #expect(log.all.count == 600)
        expectNoViolations(log, limiter: limiter)
        // 300 orders at 12/s (less the margin) take about 25 s: the limiter runs at its limit.
        let orders = log.releases(of: .order)
        let span = Double(orders.max()! - orders.min()!) / 1e9
        #expect(span > 24 && span < 30, "300 orders took \(span) s")
        #expect(end < 40_000_000_000)
        let status = limiter.status()
        #expect(status.group(.order)!.grantedTotal == 300)
        #expect(status.groups.allSatisfy { $0.queueDepth == 0 })
    }
}
