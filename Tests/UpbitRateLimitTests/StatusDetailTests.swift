import Foundation
import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// The group detail in the status frame (schema revision 1): windows, leases, why the
/// rate is what it is, circuit, wait histogram, endpoints.
@Suite struct StatusDetailTests {
    let clock = ManualClock()

    @Test func aFullWindowListsItsSettlesLeasesAndWhenTheNextSlotFrees() throws {
        let limiter = RateLimiter(clock: clock)
        for _ in 0..<7 { #expect(limiter.tryAcquire(group: .ticker) != nil) }
        var leased: [Permit] = []
        for _ in 0..<3 { leased.append(try #require(limiter.tryAcquire(group: .ticker, lease: .seconds(2)))) }
        clock.advance(by: .milliseconds(100))
        let frame = limiter.status()
        #expect(frame.rev == StatusFrame.currentRevision)
        let detail = try #require(frame.group(.ticker)?.detail)
        let window = try #require(detail.windows.first)
        #expect(window.limit == 10 && window.allowed == 10 && window.used == 10)
        // Seven settled at release + 25 ms margin, 100 ms ago.
        #expect(window.settlesMs == Array(repeating: -75, count: 7))
        #expect(detail.leasesMs == [1900, 1900, 1900])
        // The 10th latest of settles and lease bounds is a settle: free one window after it.
        #expect(window.nextFreeMs == 925)
        #expect(detail.endpoints == ["GET /v1/ticker", "GET /v1/ticker/all"])
        #expect(detail.marginMs == 25)
        #expect(detail.waitHistogram.counts.reduce(0, +) == 10)
        #expect(detail.waitHistogram.counts.first == 10)  // granted at once: under 1 ms
        limiter.report(leased[0], status: 200)
        #expect(limiter.status().group(.ticker)?.detail?.leasesMs == [1900, 1900])
    }

    @Test func aCutSaysByWhatAndWhenTheNextRecoveryStepComes() throws {
        let limiter = RateLimiter(clock: clock)
        limiter.report(group: .ticker, status: 429)
        let cut = try #require(limiter.status().group(.ticker)?.detail)
        #expect(cut.adaptiveRatio == 0.7)
        #expect(cut.emergencyFactor == 1)
        #expect(cut.recoveryStep == 0.05)
        #expect(cut.nextRecoveryMs == 300_000)
        #expect(cut.holdMs != nil)
        clock.advance(by: .seconds(10))
        #expect(limiter.status().group(.ticker)?.detail?.nextRecoveryMs == 290_000)
        let idle = try #require(limiter.status().group(.market)?.detail)
        #expect(idle.nextRecoveryMs == nil && idle.holdMs == nil && idle.circuitReopenMs == nil)
        #expect(idle.windows.first?.nextFreeMs == nil)
    }

    @Test func anOpenCircuitCountsItsFailuresAndSaysWhenItHalfOpens() throws {
        let limiter = RateLimiter(clock: clock)
        for _ in 0..<5 { limiter.report(group: .order, status: 503) }
        let group = try #require(limiter.status().group(.order))
        #expect(group.circuit == .open)
        #expect(group.detail?.circuitFailures == 5)
        #expect(group.detail?.circuitThreshold == 5)
        #expect(group.detail?.circuitReopenMs == 30_000)
    }

    @Test func theDetailSurvivesJSONAndAnOldFrameWithoutItStillDecodes() throws {
        let limiter = RateLimiter(clock: clock)
        _ = limiter.tryAcquire(group: .order, lease: .seconds(1))
        let frame = limiter.status()
        let decoded = try JSONDecoder().decode(StatusFrame.self, from: JSONEncoder().encode(frame))
        #expect(decoded == frame)
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(frame)) as! [String: Any]
        old["rev"] = nil
        old["groups"] = (old["groups"] as! [[String: Any]]).map { var g = $0; g["detail"] = nil; return g }
        let legacy = try JSONDecoder().decode(StatusFrame.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(legacy.rev == nil)
        #expect(legacy.groups.allSatisfy { $0.detail == nil })
    }
}

/// The wait histogram's buckets add up to the number of waits, values on bucket bounds included.
@Suite struct WaitHistogramCountTests {
    @Test func bucketsAddUpToTheTotalAtEveryBound() {
        var histogram = RollingHistogram(period: 10_000_000_000)
        let bounds = WaitHistogram.standardBoundsMs.map { UInt64($0 * 1000) }
        var recorded = 0
        for bound in bounds {
            for micros in [bound - 1, bound, bound + 1, bound * 2 / 3] {
                histogram.record(micros: Int64(micros), now: 0)
                recorded += 1
            }
        }
        for micros in stride(from: 0, to: 20_000_000, by: 7919) {
            histogram.record(micros: Int64(micros), now: 0)
            recorded += 1
        }
        let counts = histogram.counts(now: 0, boundsMicros: bounds)
        #expect(counts.count == bounds.count + 1)
        #expect(counts.reduce(0, +) == UInt64(recorded))
        #expect(counts[0] >= 1, "values below 1 ms")
        #expect(counts.last! >= 1, "values above 10 s")
    }
}
