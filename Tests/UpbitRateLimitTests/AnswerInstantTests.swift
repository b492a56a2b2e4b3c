import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// A report that states when its answer came (a sidecar's `answer_age_s`): the slot and the server's
/// `sec=` count from the answer, not from the report's arrival, and the instant is taken between the
/// permit's release and now.
@Suite struct AnswerInstantTests {
    static let ms: Int64 = 1_000_000
    let clock = ManualClock()

    func limiter() -> RateLimiter { RateLimiter(configuration: .init(margin: .milliseconds(25)), clock: clock) }

    @Test func aLeaseSettlesWhenItsAnswerCameNotWhenItWasReported() {
        let limiter = limiter()
        let permits = limiter.fillTickerWindowWithLeases()
        // Answered at 5 ms, reported at 400 ms (a bot on a loaded host): the window counts from 5 ms.
        clock.advance(toNanos: 400 * Self.ms)
        for permit in permits { limiter.report(permit, status: 200, answeredAt: 5 * Self.ms) }
        clock.advance(toNanos: 1_004 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        clock.advance(toNanos: 1_005 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) != nil)
    }

    @Test func anAnswerBeforeTheReleaseCountsFromTheRelease() {
        let limiter = limiter()
        clock.advance(toNanos: 100 * Self.ms)
        let permits = limiter.fillTickerWindowWithLeases()
        clock.advance(toNanos: 200 * Self.ms)
        // A bot cannot have an answer before its permit: the instant is taken as the release.
        for permit in permits { limiter.report(permit, status: 200, answeredAt: -50_000 * Self.ms) }
        clock.advance(toNanos: 1_099 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        clock.advance(toNanos: 1_100 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) != nil)
    }

    @Test func anAnswerAfterNowCountsFromNow() {
        let limiter = limiter()
        let permits = limiter.fillTickerWindowWithLeases()
        clock.advance(toNanos: 200 * Self.ms)
        for permit in permits { limiter.report(permit, status: 200, answeredAt: 90_000 * Self.ms) }
        clock.advance(toNanos: 1_199 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        clock.advance(toNanos: 1_200 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) != nil)
    }

    @Test func aSecCountsTheWindowEndingAtTheAnswer() {
        // Ten releases settled at 0 ms; the server counted all ten in the window ending at its answer (990 ms).
        func scheduler() -> WindowScheduler {
            var scheduler = WindowScheduler(windows: [LimitWindow(limit: 10, seconds: 1)], marginNanos: 0)
            for _ in 0..<10 { scheduler.recordRelease(at: 0) }
            return scheduler
        }
        // Reported at 1 050 ms: counted from the answer, all ten are ours; from the report they would look foreign.
        var fromAnswer = scheduler()
        #expect(fromAnswer.absorbServerRemaining(0, answeredAt: 990 * Self.ms, now: 1_050 * Self.ms) == 0)
        var fromReport = scheduler()
        #expect(fromReport.absorbServerRemaining(0, now: 1_050 * Self.ms) == 10)
        // Foreign requests are still found, and settle at the answer.
        var foreign = WindowScheduler(windows: [LimitWindow(limit: 10, seconds: 1)], marginNanos: 0)
        for _ in 0..<4 { foreign.recordRelease(at: 0) }
        #expect(foreign.absorbServerRemaining(0, answeredAt: 990 * Self.ms, now: 1_050 * Self.ms) == 6)
        // Our four aged out at 1 000 ms: four more may go now, then the six foreign ones hold until 1 990 ms.
        #expect(foreign.earliestRelease(now: 1_050 * Self.ms) == 1_050 * Self.ms)
        for _ in 0..<4 { foreign.recordRelease(at: 1_050 * Self.ms) }
        #expect(foreign.earliestRelease(now: 1_050 * Self.ms) == 1_990 * Self.ms)
    }

    @Test func aSecCountsFromTheReleaseWhenTheAnswerIsNotedLate() {
        // Ten settles at 0 ms. A request released at 980 ms was handled by the server before 1 000 ms
        // (all ten in its window: sec=0), but the loaded bot noted the answer at 1 030 ms.
        func scheduler(_ ours: Int) -> WindowScheduler {
            var scheduler = WindowScheduler(windows: [LimitWindow(limit: 10, seconds: 1)], marginNanos: 0)
            for _ in 0..<ours { scheduler.recordRelease(at: 0) }
            return scheduler
        }
        var fromRelease = scheduler(10)
        #expect(fromRelease.absorbServerRemaining(0, sentAfter: 980 * Self.ms, answeredAt: 1_030 * Self.ms,
                                                  now: 1_050 * Self.ms) == 0, "ours may all be in the server's window")
        var fromAnswer = scheduler(10)
        #expect(fromAnswer.absorbServerRemaining(0, answeredAt: 1_030 * Self.ms, now: 1_050 * Self.ms) == 10,
                "without the release, the ten look foreign")
        var foreign = scheduler(4)
        #expect(foreign.absorbServerRemaining(0, sentAfter: 980 * Self.ms, answeredAt: 1_030 * Self.ms,
                                              now: 1_050 * Self.ms) == 6, "the server's count beyond ours is still found")
    }
}
