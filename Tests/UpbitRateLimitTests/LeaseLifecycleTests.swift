import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// Leases that end without an answer (issue #11, items 5–6): only a request known not to have
/// been sent frees its slot early; bounds are validated; a permit never closes another's lease.
@Suite struct LeaseLifecycleTests {
    static let ms: Int64 = 1_000_000
    let clock = ManualClock()

    func limiter() -> RateLimiter { RateLimiter(configuration: .init(margin: .milliseconds(25)), clock: clock) }

    @Test func aTransportErrorKeepsTheSlotUntilTheLeaseBound() {
        let limiter = limiter()
        let permits = limiter.fillTickerWindowWithLeases()
        clock.advance(toNanos: 100 * Self.ms)
        limiter.report(permits[0], status: 0)
        // The request may still reach the server: its slot counts until 3 s, not 0.1 s.
        clock.advance(toNanos: 1_100 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        clock.advance(toNanos: 4_000 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) != nil)
    }

    @Test func anAbandonedPermitKeepsItsSlotUntilTheLeaseBound() {
        let limiter = limiter()
        let permits = limiter.fillTickerWindowWithLeases()
        clock.advance(toNanos: 100 * Self.ms)
        limiter.abandon(permits[0])
        clock.advance(toNanos: 3_999 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        #expect(limiter.status().group(.ticker)!.abandonedTotal == 1)
    }

    @Test func anUnsentPermitFreesItsSlotAtOnce() {
        let limiter = limiter()
        let permits = limiter.fillTickerWindowWithLeases()
        clock.advance(toNanos: 100 * Self.ms)
        limiter.releaseUnsent(permits[0])
        #expect(limiter.tryAcquire(group: .ticker) != nil)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        // Releasing it twice frees nothing more: the window is full again until 3 s.
        limiter.releaseUnsent(permits[0])
        clock.advance(toNanos: 500 * Self.ms)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
    }

    @Test func anUnsentPermitGivesBackItsPaceToo() {
        let limiter = limiter()
        let permit = limiter.tryAcquire(group: .order, lease: .seconds(3))!
        let all = (0..<11).map { _ in limiter.tryAcquire(group: .order, lease: .seconds(3))! }
        #expect(limiter.tryAcquire(group: .order) == nil)
        // At the same instant: the slot and the pace it took come back at once.
        limiter.releaseUnsent(permit)
        #expect(limiter.tryAcquire(group: .order) != nil)
        #expect(all.count == 11)
    }

    @Test func aSecondReportNeverClosesAnotherPermitsLease() {
        let limiter = limiter()
        let permits = limiter.fillTickerWindowWithLeases()
        clock.advance(toNanos: 500 * Self.ms)
        limiter.report(permits[1], status: 200)
        limiter.report(permits[1], status: 200)
        clock.advance(toNanos: 1_500 * Self.ms)
        // One slot frees (the report at 0.5 s + 1 s), not two: the other nine stay open to 3 s.
        #expect(limiter.tryAcquire(group: .ticker) != nil)
        #expect(limiter.tryAcquire(group: .ticker) == nil)
    }

    @Test(arguments: [Duration.zero, .nanoseconds(-5), .seconds(-100)])
    func aLeaseShorterThanTheMarginCountsAsAnOrdinaryRelease(lease: Duration) {
        let limiter = limiter()
        var releases: [Int64] = []
        while clock.now() < 3_000 * Self.ms {
            while let permit = limiter.tryAcquire(group: .ticker, lease: lease) {
                releases.append(permit.releasedAt)
                #expect(permit.reportBy == permit.releasedAt + 25 * Self.ms)
            }
            clock.advance(byNanos: Self.ms)
        }
        // Before the fix: 20 in one second with `lease: .zero`.
        #expect(WindowAudit(limit: 10, windowNanos: 1_025 * Self.ms).violations(in: releases).isEmpty)
        #expect(releases.count >= 25)
    }

    @Test func aHugeLeaseIsClampedToTheLongestAllowed() {
        let limiter = limiter()
        clock.advance(toNanos: 7 * Self.ms)
        let permit = limiter.tryAcquire(group: .ticker, lease: .seconds(Int64.max))!
        #expect(permit.reportBy == 7 * Self.ms + 3_600_000 * Self.ms)
        limiter.report(permit, status: 200)
        #expect(limiter.tryAcquire(group: .ticker, lease: .seconds(Int64.max)) != nil)
    }
}
