import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// The window invariant across live reloads (issue #11, items 1–4): every window, lengthened,
/// added or restored, counts the releases made before the reload; holds survive it.
@Suite struct WindowsAcrossReloadTests {
    static let ms: Int64 = 1_000_000
    let clock = ManualClock()

    func limiter(margin: Duration = .zero) -> RateLimiter {
        RateLimiter(configuration: .init(margin: margin), clock: clock)
    }

    func table(_ group: GroupID, _ windows: [LimitWindow], base: LimitTable = .preset(.korea),
               source: String = "test") throws -> LimitTable {
        var groups = base.groups
        let index = groups.firstIndex { $0.name == group }!
        groups[index].windows = windows
        return try LimitTable(source: source, groups: groups)
    }

    /// Grants `tryAcquire` gives for `group` at the clock's instant; their release instants are appended.
    func drain(_ limiter: RateLimiter, _ group: GroupID, into releases: inout [Int64]) -> Int {
        var count = 0
        while let permit = limiter.tryAcquire(group: group) {
            releases.append(permit.releasedAt)
            count += 1
        }
        return count
    }

    /// Saturates `group` from now until `end`, looking every `step`.
    func saturate(_ limiter: RateLimiter, _ group: GroupID, until end: Int64, step: Int64 = 5 * ms,
                  into releases: inout [Int64]) {
        while clock.now() < end {
            _ = drain(limiter, group, into: &releases)
            clock.advance(byNanos: step)
        }
    }

    @Test func lengtheningAWindowCountsTheReleasesBeforeTheReload() throws {
        let limiter = limiter()
        var releases: [Int64] = []
        for _ in 0..<9 { releases.append(limiter.tryAcquire(group: .ticker)!.releasedAt) }
        clock.advance(toNanos: 1_100 * Self.ms)
        releases.append(limiter.tryAcquire(group: .ticker)!.releasedAt)
        clock.advance(toNanos: 1_200 * Self.ms)
        limiter.updateLimits(try table(.ticker, [LimitWindow(limit: 10, seconds: 2)]))
        saturate(limiter, .ticker, until: 5_000 * Self.ms, into: &releases)
        // Before the fix: 9 more at ~1.2 s, 19 in one 2 s window.
        #expect(WindowAudit(limit: 10, windowNanos: 2_000 * Self.ms).peak(in: releases) == 10)
        #expect(releases[10] == 2_000 * Self.ms)
    }

    @Test func anAddedWindowStartsWithTheGroupsHistory() throws {
        let limiter = limiter()
        var releases: [Int64] = []
        saturate(limiter, .ticker, until: 1_100 * Self.ms, into: &releases)
        #expect(releases.count == 20)
        limiter.updateLimits(try table(.ticker, [LimitWindow(limit: 10, seconds: 1), LimitWindow(limit: 24, seconds: 60)]))
        saturate(limiter, .ticker, until: 70_000 * Self.ms, into: &releases)
        // Before the fix the minute window started empty: 18 more in it against 24 − 20 = 4.
        #expect(WindowAudit(limit: 24, windowNanos: 60_000 * Self.ms).peak(in: releases) == 24)
    }

    @Test func aMinuteWindowDroppedAndRestoredStillCountsTheMinute() throws {
        let limiter = limiter()
        let both = LimitTable.preset(.korea)[.websocketMessage]!.windows
        #expect(both.count == 2)
        var releases: [Int64] = []
        saturate(limiter, .websocketMessage, until: 10_000 * Self.ms, into: &releases)
        limiter.updateLimits(try table(.websocketMessage, [both.min { $0.seconds < $1.seconds }!]))
        saturate(limiter, .websocketMessage, until: 20_000 * Self.ms, into: &releases)
        let restoredAt = clock.now()
        limiter.updateLimits(try table(.websocketMessage, both))
        var after: [Int64] = []
        saturate(limiter, .websocketMessage, until: 130_000 * Self.ms, into: &after)
        // Every release made under the restored window has at most 100 in its trailing minute,
        // counting the ones made while the minute window was off (before the fix: 195).
        let all = releases + after
        for release in after {
            #expect(release >= restoredAt)
            #expect(all.count { $0 > release - 60_000 * Self.ms && $0 <= release } <= 100)
        }
        #expect(!after.isEmpty)
    }

    @Test func aSecZeroHoldSurvivesAReloadOfAMultiWindowGroup() throws {
        let limiter = limiter()
        var releases: [Int64] = []
        saturate(limiter, .websocketMessage, until: 3_000 * Self.ms, into: &releases)
        clock.advance(toNanos: 3_500 * Self.ms)
        limiter.report(group: .websocketMessage, status: 200, remainingSec: 0)
        limiter.updateLimits(.preset(.korea))
        // The server counted five we did not: nothing before a full window has passed.
        #expect(drain(limiter, .websocketMessage, into: &releases) == 0)
        clock.advance(toNanos: 4_499 * Self.ms)
        #expect(drain(limiter, .websocketMessage, into: &releases) == 0)
        clock.advance(toNanos: 4_500 * Self.ms)
        #expect(drain(limiter, .websocketMessage, into: &releases) > 0)
    }

    @Test func theStatusShowsTheLimitsInForceAfterAReload() throws {
        let limiter = limiter()
        #expect(limiter.status().limits == "preset:korea")
        #expect(limiter.status().group(.order)!.limitPerSecond == 12)
        limiter.updateLimits(.preset(.global))
        #expect(limiter.status().limits == "preset:global")
        #expect(limiter.status().group(.order)!.limitPerSecond == 8)
    }

    @Test func aReloadWiderThanTheHistoryKeptTreatsTheForgottenPastAsFull() {
        // One a second for ten minutes: the log keeps the last minute and forgets the rest.
        var scheduler = WindowScheduler(windows: [LimitWindow(limit: 1, seconds: 1)], marginNanos: 0)
        for second in 0..<600 { scheduler.recordRelease(at: Int64(second) * 1_000 * Self.ms) }
        let now = 600_000 * Self.ms
        #expect(scheduler.forgottenThrough == 538_000 * Self.ms)
        // 100 per hour: the 100th latest release was forgotten, so it settled no later than
        // `forgottenThrough`: wait an hour from there (never "no constraint").
        let wide = scheduler.reconfigured(windows: [LimitWindow(limit: 100, seconds: 3_600)])
        #expect(wide.earliestRelease(now: now) == (538_000 + 3_600_000) * Self.ms)
        // A window the kept history covers is exact.
        let half = scheduler.reconfigured(windows: [LimitWindow(limit: 30, seconds: 30)])
        #expect(half.earliestRelease(now: now) == (570_000 + 30_000) * Self.ms)
    }
}
