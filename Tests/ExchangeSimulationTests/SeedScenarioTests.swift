import ExchangeSimulation
import Synchronization
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The seed's production scenarios on a manual clock: the limiter must keep every group
/// inside every window (audited on the grants) and the strict exchange must never answer 429.
struct SeedScenarioTests {
    struct Rig {
        let clock = ManualClock()
        let limiter: RateLimiter
        let exchange: SimulatedExchange
        let workload: DemoWorkload

        init(_ configuration: DemoWorkload.Configuration, conditions: ExchangeConditions = .init()) {
            limiter = RateLimiter(clock: clock)
            exchange = SimulatedExchange(conditions: conditions, clock: clock)
            workload = DemoWorkload(limiter: limiter, exchange: exchange, configuration: configuration)
        }

        /// Plays `scenarios` while moving the clock 1 ms at a time; returns the simulated seconds.
        func play(_ scenarios: [DemoScenario]) async throws -> Double {
            let done = Mutex(false)
            let workload = workload
            let task = Task {
                defer { done.withLock { $0 = true } }
                for scenario in scenarios { try await workload.run(scenario) }
            }
            let start = clock.now()
            while !done.withLock({ $0 }) {
                clock.advance(byNanos: 1_000_000)
                for _ in 0..<4 { await Task.yield() }
            }
            try await task.value
            return Double(clock.now() - start) / 1e9
        }

        /// Every group's grants against its published windows (no margin), and the exchange's counts.
        func expectNoViolations() {
            for (group, releases) in workload.grants {
                for window in limiter.configuration.limits[group]!.windows {
                    let audit = WindowAudit(limit: window.limit, windowNanos: Int64(window.seconds * 1e9))
                    #expect(audit.violations(in: releases).isEmpty, "\(group): more than \(window.limit) in \(window.seconds) s")
                }
            }
            for (group, counts) in exchange.stats() {
                #expect(counts.tooMany429 == 0 && counts.blocked418 == 0, "\(group): \(counts)")
            }
            let tally = workload.tally
            #expect(tally.tooMany429 == 0 && tally.blocked418 == 0, "\(tally)")
            #expect(limiter.status().groups.allSatisfy { $0.errors429Total == 0 })
        }
    }

    @Test func seedScenarioOneMonitoringSpikeShock() async throws {
        let rig = Rig(.init(bots: 16, panicTraders: 0, normalRounds: 60, recordsGrants: true))
        let seconds = try await rig.play([.normal, .volatility, .shock])
        rig.expectNoViolations()
        let tally = rig.workload.tally
        #expect(tally.refused == 0, "no acquire should time out: \(tally)")
        #expect(tally.ok == tally.sent)
        // The spike saturates the ticker group: 16 bots a second against 10/s.
        let ticker = rig.workload.grants[.ticker]!
        let peak = WindowAudit(limit: 10, windowNanos: 1_000_000_000).peak(in: ticker)
        #expect(peak == 10, "the ticker group should be used to its limit (\(seconds) s simulated)")
    }

    @Test func seedScenarioTwoHundredPanickingTraders() async throws {
        let rig = Rig(.init(bots: 4, panicTraders: 100, shockRounds: 10, recordsGrants: true))
        _ = try await rig.play([.shock])
        rig.expectNoViolations()
        let tally = rig.workload.tally
        #expect(tally.refused == 0, "\(tally)")
        // 100 traders × 3 sell orders + 4 bots × 10 orders, all through the order group.
        #expect(rig.workload.grants[.order]?.count == 340)
        #expect(WindowAudit(limit: 12, windowNanos: 1_000_000_000).peak(in: rig.workload.grants[.order]!) == 12)
    }

    @Test func seedScenarioThreeDegradationOpensTheCircuitWithout429() async throws {
        let rig = Rig(.init(bots: 4, degradationCalls: 60, recordsGrants: true))
        _ = try await rig.play([.degradation])
        rig.expectNoViolations()
        let tally = rig.workload.tally
        #expect(tally.timeouts + tally.faults5xx > 5, "the last third should fail: \(tally)")
        #expect(rig.exchange.conditions == ExchangeConditions(), "healthy conditions are restored")
        let opened = rig.limiter.status().events.contains { $0.kind == "circuit_open" }
        #expect(opened, "\(tally) \(rig.limiter.status().groups.map { "\($0.name) \($0.circuit)" })")
    }

    @Test func seedScenarioFourEnduranceShortened() async throws {
        let rig = Rig(.init(enduranceMinutes: 1, recordsGrants: true))
        _ = try await rig.play([.endurance])
        rig.expectNoViolations()
        #expect(rig.workload.grants[.ticker]?.count == 630)
    }
}
