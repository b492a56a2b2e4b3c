import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// The async layer: FIFO waiting, cancellation, deadlines and 418 blocks on a ManualClock.
@Suite struct LimiterWaitingTests {
    let clock = ManualClock()
    var limiter: RateLimiter { RateLimiter(clock: clock) }

    /// Callers granted in one step resume in any order, so the order itself is checked by
    /// `SchedulerPropertyTests` on the state machine; here every caller is served at the edge.
    @Test func queuedCallersAreServedTogetherAtTheWindowEdge() async throws {
        let limiter = self.limiter
        for _ in 0..<10 { #expect(limiter.tryAcquire(group: .ticker) != nil) }
        #expect(limiter.tryAcquire(group: .ticker) == nil)
        let log = PermitLog()
        var tasks: [Task<Void, any Error>] = []
        for i in 0..<5 {  // each caller is queued before the next one arrives
            tasks.append(Task { log.append(try await limiter.acquire(group: .ticker, correlationID: "\(i)")) })
            await clock.settle(until: { limiter.queueDepth(of: .ticker) == i + 1 })
        }
        await clock.run(until: { log.all.count == 5 })
        for task in tasks { try await task.value }
        #expect(Set(log.all.compactMap(\.correlationID)) == ["0", "1", "2", "3", "4"])
        #expect(Set(log.all.map(\.releasedAt)) == [1_025_000_000])
    }

    @Test func cancellingAWaiterRemovesItAtOnce() async throws {
        let limiter = self.limiter
        while limiter.tryAcquire(group: .order) != nil {}
        let first = Task { try await limiter.acquire(group: .order) }
        let second = Task { try await limiter.acquire(group: .order) }
        await clock.settle(until: { limiter.queueDepth(of: .order) == 2 })
        first.cancel()
        await clock.settle(until: { limiter.queueDepth(of: .order) == 1 })
        await #expect(throws: CancellationError.self) { try await first.value }
        await clock.run(until: { limiter.queueDepth(of: .order) == 0 })
        let permit = try await second.value
        #expect(permit.group == .order)
        #expect(limiter.status().group(.order)!.cancelledTotal == 1)
    }

    @Test func aDeadlineEndsInATypedTimeoutNeverAHang() async throws {
        let limiter = self.limiter
        _ = limiter.tryAcquire(group: .orderCancelAll)
        let waiting = Task { try await limiter.acquire(group: .orderCancelAll, timeout: .milliseconds(300)) }
        // A later caller with an earlier deadline must still time out on time.
        let impatient = Task { try await limiter.acquire(group: .orderCancelAll, timeout: .milliseconds(100)) }
        await clock.settle(until: { limiter.queueDepth(of: .orderCancelAll) == 2 })
        let start = clock.now()
        await clock.run(until: { limiter.queueDepth(of: .orderCancelAll) == 0 })
        await #expect(throws: RateLimitError.timeout(.orderCancelAll)) { try await impatient.value }
        await #expect(throws: RateLimitError.timeout(.orderCancelAll)) { try await waiting.value }
        #expect(clock.now() - start == 300_000_000)
        #expect(limiter.status().group(.orderCancelAll)!.timeoutsTotal == 2)
    }

    @Test func a418BlocksTheWholeScopeAndFailsItsWaitersFast() async throws {
        let limiter = self.limiter
        while limiter.tryAcquire(group: .candle) != nil {}
        let waiter = Task { try await limiter.acquire(group: .candle) }
        await clock.settle(until: { limiter.queueDepth(of: .candle) == 1 })
        limiter.report(endpoint: "/v1/ticker", status: 418, blockFor: .seconds(60))
        await #expect(throws: RateLimitError.self) { try await waiter.value }
        await #expect { try await limiter.acquire(group: .market) } throws: { error in
            let error = error as! RateLimitError
            return error.code == .blocked && error.retryAfter == .seconds(60)
        }
        #expect(limiter.tryAcquire(group: .order) != nil, "pocket groups are another scope")
        #expect(limiter.status().group(.ticker)!.errors418Total == 1)
        clock.advance(by: .seconds(60))
        #expect(limiter.tryAcquire(group: .market) != nil)
    }

    /// Regression: a stated length of 9223372037 s saturated to Int64.max nanoseconds and `now + length` trapped.
    @Test func aHugeStatedBlockIsCappedAtADay() {
        let limiter = self.limiter
        clock.advance(by: .seconds(5))
        limiter.report(group: .order, status: 418, blockFor: .seconds(9_223_372_037))
        #expect(limiter.status().group(.order)!.blockedForS == 86_400)
        limiter.report(group: .ticker, status: 418, blockFor: .seconds(-10))
        #expect(limiter.tryAcquire(group: .ticker) != nil, "a negative stated length blocks nothing")
    }

    @Test func an418WithoutStatedLengthEscalates() {
        let limiter = self.limiter
        limiter.report(group: .order, status: 418)
        #expect(limiter.status().group(.order)!.blockedForS == 30)
        clock.advance(by: .seconds(31))
        limiter.report(group: .order, status: 418)
        #expect(limiter.status().group(.default)!.blockedForS == 60)
    }

    @Test func the429PolicyCutsAtOnceAndRecoversInSteps() {
        let limiter = self.limiter
        limiter.report(endpoint: "/v1/orders", method: "POST", status: 429, remainingReq: "group=order; min=0; sec=0")
        var order = limiter.status().group(.order)!
        #expect(order.rateRatio == 0.7)
        #expect(order.errors429Total == 1)
        #expect(order.remainingReqSec == 0)
        #expect(limiter.tryAcquire(group: .order) == nil, "held for one window after a 429")
        clock.advance(by: .seconds(299))
        #expect(limiter.status().group(.order)!.rateRatio == 0.7)
        clock.advance(by: .seconds(1))
        #expect(abs(limiter.status().group(.order)!.rateRatio - 0.75) < 1e-9)
        clock.advance(by: .seconds(60 * 5))
        order = limiter.status().group(.order)!
        #expect(order.rateRatio == 1)
        let kinds = limiter.status().events.map(\.kind)
        #expect(kinds.contains("429") && kinds.contains("rate_cut") && kinds.contains("recovery_step"))
    }

    @Test func resetRecoveryAndEmergencyModeChangeTheRate() {
        let limiter = self.limiter
        limiter.report(group: .ticker, status: 429)
        limiter.setEmergency(enabled: true, duration: .seconds(300))
        var frame = limiter.status()
        #expect(frame.emergency.active)
        #expect(abs(frame.group(.ticker)!.rateRatio - 0.35) < 1e-9)
        #expect(frame.group(.order)!.rateRatio == 0.5)
        limiter.resetRecovery(group: .ticker)
        #expect(limiter.status().group(.ticker)!.rateRatio == 0.5)
        clock.advance(by: .seconds(300))
        frame = limiter.status()
        #expect(!frame.emergency.active)
        #expect(frame.group(.ticker)!.rateRatio == 1)
        #expect(frame.events.map(\.message).contains("emergency mode off"))
    }

    @Test func remainingReqFromOtherClientsHoldsTheGroup() {
        let limiter = self.limiter
        _ = limiter.tryAcquire(group: .market)
        limiter.report(endpoint: "/v1/market/all", status: 200, remainingReq: "group=market; min=1800; sec=0")
        #expect(limiter.tryAcquire(group: .market) == nil)
        clock.advance(by: .milliseconds(1_025))
        #expect(limiter.tryAcquire(group: .market) != nil)
    }

    @Test func malformedRemainingReqIsCountedNotThrown() {
        let limiter = self.limiter
        limiter.report(endpoint: "/v1/ticker", status: 200, remainingReq: "group=ticker; sec=lots")
        limiter.report(endpoint: "/v1/ticker", status: 200, remainingReq: "garbage")
        #expect(limiter.status().group(.ticker)!.malformedHeadersTotal == 2)
    }
}
