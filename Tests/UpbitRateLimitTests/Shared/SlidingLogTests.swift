import Testing
@testable import UpbitRateLimit

/// The store's algorithm as a value: strict windows, leases, idempotent ids, holds.
@Suite struct SlidingLogTests {
    let second: Int64 = 1_000_000_000

    @Test func admitsUpToTheLimitThenNamesWhenTheOldestLeaves() {
        var log = SlidingLog()
        let windows = [(limit: 2, length: second)]
        #expect(log.acquire(permitID: "a", windows: windows, lease: 100, now: 0) == nil)
        #expect(log.acquire(permitID: "b", windows: windows, lease: 100, now: 10) == nil)
        // "a" settles at 100 (its lease bound) and counts until 100 + 1 s.
        #expect(log.acquire(permitID: "c", windows: windows, lease: 100, now: 20) == 100 + second - 20 + 1)
        #expect(log.acquire(permitID: "c", windows: windows, lease: 100, now: 101 + second) == nil)
    }

    @Test func aReportSettlesEarlierAndARetryWithTheSameIdIsNotCountedTwice() {
        var log = SlidingLog()
        let windows = [(limit: 1, length: second)]
        #expect(log.acquire(permitID: "a", windows: windows, lease: 5 * second, now: 0) == nil)
        #expect(log.acquire(permitID: "a", windows: windows, lease: 5 * second, now: 1) == nil, "idempotent")
        #expect(log.count == 1)
        log.report(permitID: "a", now: 50)
        #expect(log.acquire(permitID: "b", windows: windows, lease: 5 * second, now: 60) == 50 + second - 60 + 1)
        log.release(permitID: "a")
        #expect(log.acquire(permitID: "b", windows: windows, lease: 5 * second, now: 61) == nil)
    }

    @Test func everyWindowMustHaveRoomAndAHoldWaitsItsEnd() {
        var log = SlidingLog()
        let windows = [(limit: 5, length: second), (limit: 2, length: 60 * second)]
        #expect(log.acquire(permitID: "a", windows: windows, lease: 0, now: 0) == nil)
        #expect(log.acquire(permitID: "b", windows: windows, lease: 0, now: 0) == nil)
        #expect(log.acquire(permitID: "c", windows: windows, lease: 0, now: 2 * second) == 58 * second + 1)
        log.heldUntil = 70 * second
        #expect(log.acquire(permitID: "c", windows: windows, lease: 0, now: 61 * second) == 9 * second)
        #expect(log.acquire(permitID: "c", windows: [(limit: 0, length: second)], lease: 0, now: 71 * second) == second)
    }
}
