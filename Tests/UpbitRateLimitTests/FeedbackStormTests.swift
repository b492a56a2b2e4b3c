import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// Bursts of 429s and 418s from requests already in flight (issue #11, items 7–9).
@Suite struct FeedbackStormTests {
    static let ms: Int64 = 1_000_000
    let clock = ManualClock()

    func limiter(_ configuration: RateLimiterConfiguration = .init()) -> RateLimiter {
        RateLimiter(configuration: configuration, clock: clock)
    }

    @Test func inFlight429sCutOnceThenANewOneCutsAgain() {
        let limiter = limiter()
        let inFlight = (0..<8).map { _ in limiter.tryAcquire(group: .order)! }
        clock.advance(toNanos: 40 * Self.ms)
        for permit in inFlight {
            limiter.report(permit, status: 429)
            clock.advance(byNanos: 50 * Self.ms)
        }
        // Eight 429s for requests released before the first cut: one cut (before: 0.7^8 → floor).
        let status = limiter.status().group(.order)!
        #expect(status.rateRatio == 0.7)
        #expect(status.errors429Total == 8)
        #expect(status.consecutive429 == 8)
        // A request released after the cut that still gets a 429 is new evidence.
        clock.advance(toNanos: 2_000 * Self.ms)
        let later = limiter.tryAcquire(group: .order)!
        clock.advance(byNanos: 30 * Self.ms)
        limiter.report(later, status: 429)
        #expect(abs(limiter.status().group(.order)!.rateRatio - 0.49) < 1e-9)
    }

    @Test func reportsWithoutAPermitCutAtMostOncePerWindow() {
        let limiter = limiter()
        for _ in 0..<8 {
            limiter.report(endpoint: "/v1/orders", method: "POST", status: 429)
            clock.advance(byNanos: 100 * Self.ms)
        }
        #expect(limiter.status().group(.order)!.rateRatio == 0.7)
        // The first 429 after a window of evidence cuts again.
        clock.advance(toNanos: 2_000 * Self.ms)
        limiter.report(endpoint: "/v1/orders", method: "POST", status: 429)
        #expect(abs(limiter.status().group(.order)!.rateRatio - 0.49) < 1e-9)
    }

    @Test func everyCutStillHoldsTheGroupForAWindow() {
        let limiter = limiter()
        let permits = (0..<3).map { _ in limiter.tryAcquire(group: .order)! }
        clock.advance(toNanos: 100 * Self.ms)
        limiter.report(permits[0], status: 429)
        clock.advance(toNanos: 900 * Self.ms)
        limiter.report(permits[1], status: 429)
        // No new cut, but a new hold: one window in force from 0.9 s.
        clock.advance(toNanos: 1_900 * Self.ms)
        #expect(limiter.tryAcquire(group: .order) == nil)
    }

    @Test func aBanStormIsOneOffence() {
        let limiter = limiter()
        for _ in 0..<30 {
            limiter.report(endpoint: "/v1/ticker", method: "GET", status: 418)
            clock.advance(byNanos: 30 * Self.ms)
        }
        // Thirty answers to requests in flight: one 30 s block (before: escalated to an hour).
        let blocked = limiter.status().group(.ticker)!.blockedForS!
        #expect(blocked > 29 && blocked <= 30)
        #expect(limiter.status().group(.ticker)!.errors418Total == 30)
    }

    @Test func aLongerStatedBanExtendsTheBlockAShorterOneDoesNot() {
        let limiter = limiter()
        limiter.report(group: .ticker, status: 418)
        limiter.report(group: .ticker, status: 418, blockFor: .seconds(5))
        #expect(limiter.status().group(.ticker)!.blockedForS == 30)
        limiter.report(group: .ticker, status: 418, blockFor: .seconds(120))
        #expect(limiter.status().group(.market)!.blockedForS == 120)
    }

    @Test func offencesEscalateThenDecayAndResetClearsThem() {
        let limiter = limiter(.init(blockMemory: .seconds(600)))
        func ban() -> Double {
            limiter.report(group: .ticker, status: 418)
            return limiter.status().group(.ticker)!.blockedForS!
        }
        #expect(ban() == 30)
        clock.advance(by: .seconds(31))
        #expect(ban() == 60)
        clock.advance(by: .seconds(61))
        #expect(ban() == 120)
        // Quiet for the memory after the block ends: the escalation starts over.
        clock.advance(by: .seconds(120 + 600))
        #expect(ban() == 30)
        clock.advance(by: .seconds(31))
        #expect(ban() == 60)
        limiter.resetRecovery(group: .ticker)
        #expect(ban() == 30)
    }

    @Test func aHugeStatedBanOrTimeoutNeverTraps() {
        let limiter = limiter()
        limiter.report(group: .ticker, status: 418, blockFor: .seconds(9_223_372_037))
        limiter.report(group: .order, status: 418, blockFor: .seconds(Int64.max))
        limiter.report(group: .order, status: 418, blockFor: .seconds(-5))
        // A stated ban is honoured up to a day (RateLimiter.longestStatedBlock), never trapped.
        #expect(limiter.status().group(.ticker)!.blockedForS! == 86_400)
        limiter.setEmergency(enabled: true, duration: .seconds(Int64.max))
        #expect(limiter.status().emergency.active)
    }

    /// A sleeping waiter wakes at a recovery step that brings its release forward.
    @Test func aRecoveryStepWakesTheSleeper() {
        let policy = AdaptiveRate.Policy(recoveryDelay: .milliseconds(500), recoveryStep: 0.3,
                                         recoveryInterval: .milliseconds(500))
        var sim = MachineSimulation(group: LimitTable.preset(.korea)[.ticker]!, marginNanos: 25 * Self.ms,
                                    maxNap: 60_000 * Self.ms, adaptive: policy)
        _ = sim.machine.adaptive.record429(now: 0)
        sim.machine.applyRatio()
        sim.run((0..<8).map { _ in .init(at: 0, timeout: 60_000 * Self.ms) })
        // Cut to 0.7: seven go at once, the eighth is due at 1.025 s. The step back to 1.0 at
        // 0.5 s lets it go then; before the fix the sleeper slept to 1.025 s.
        for i in 0..<7 { #expect(sim.outcomes[i] == .granted(at: 0)) }
        #expect(sim.outcomes[7] == .granted(at: 500 * Self.ms))
    }
}
