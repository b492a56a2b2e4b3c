import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// The per-group circuit breaker, as a value and inside the limiter.
@Suite struct CircuitBreakerTests {
    let second: Int64 = 1_000_000_000

    @Test func opensAfterFiveFailuresHalfOpensAndClosesAfterThreeSuccesses() {
        var b = CircuitBreaker(policy: .init(failureThreshold: 5, openDuration: .seconds(30), successThreshold: 3))
        for _ in 0..<4 { #expect(b.recordFailure(now: 0) == .none) }
        #expect(b.admit(now: 0) == nil)
        #expect(b.recordFailure(now: 0) == .opened)
        #expect(b.admit(now: 10 * second) == 20 * second)
        #expect(b.state(at: 30 * second) == .halfOpen)
        #expect(b.admit(now: 30 * second) == nil)
        #expect(b.recordSuccess() == .none)
        #expect(b.recordSuccess() == .none)
        #expect(b.recordSuccess() == .closed)
        #expect(b.state == .closed)
    }

    @Test func aFailureWhileHalfOpenReopensAndSuccessesResetTheStreak() {
        var b = CircuitBreaker()
        for _ in 0..<4 { _ = b.recordFailure(now: 0) }
        _ = b.recordSuccess()
        #expect(b.recordFailure(now: 0) == .none, "the streak restarted after a success")
        for _ in 0..<4 { _ = b.recordFailure(now: 0) }
        #expect(b.state == .open)
        _ = b.admit(now: 31 * second)
        #expect(b.recordFailure(now: 31 * second) == .opened)
        #expect(b.admit(now: 32 * second) == 29 * second)
    }

    @Test func probesAreCountedOnReleaseAndLostProbesExpire() {
        var b = CircuitBreaker(policy: .init(failureThreshold: 1, openDuration: .seconds(10), successThreshold: 2))
        _ = b.recordFailure(now: 0)
        for _ in 0..<5 { #expect(b.admit(now: 10 * second) == nil, "checking uses nothing up") }
        b.recordProbe(now: 10 * second)
        b.recordProbe(now: 10 * second)
        #expect(b.admit(now: 11 * second) == 9 * second, "two probes in flight")
        #expect(b.admit(now: 20 * second) == nil, "unanswered probes stop counting")
    }

    @Test func groupsHaveTheirOwnBreakersAndAnOpenOneFailsFastWithRetryAfter() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        for _ in 0..<5 { limiter.report(group: .ticker, status: 503) }
        limiter.report(group: .orderbook, status: 0)
        #expect(limiter.status().group(.ticker)?.circuit == .open)
        #expect(limiter.status().group(.orderbook)?.circuit == .closed)
        await #expect(throws: RateLimitError.circuitOpen(.ticker, retryAfter: .seconds(30))) {
            try await limiter.acquire(group: .ticker)
        }
        _ = try await limiter.acquire(group: .orderbook)
        clock.advance(by: .seconds(30))
        #expect(limiter.status().group(.ticker)?.circuit == .halfOpen, "shown half-open without an acquire")
    }

    @Test func halfOpenReleasesAtMostThreeProbesThenClosesOnTheirSuccess() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        for _ in 0..<5 { limiter.report(group: .orderCancelAll, status: 500) }
        clock.advance(by: .seconds(30))
        let log = PermitLog()
        let tasks = (0..<4).map { _ in Task { log.append(try await limiter.acquire(group: .orderCancelAll, timeout: .seconds(25))) } }
        await clock.run(until: { log.all.count == 3 }, limit: .seconds(20))
        await clock.run(until: { false }, limit: .seconds(2))
        #expect(log.all.count == 3, "the fourth waits for the probes' answers")
        for _ in 0..<3 { limiter.report(group: .orderCancelAll, status: 200) }
        #expect(limiter.status().group(.orderCancelAll)?.circuit == .closed)
        await clock.run(until: { log.all.count == 4 }, limit: .seconds(5))
        for task in tasks { _ = try await task.value }
        #expect(log.all.count == 4)
    }
}
