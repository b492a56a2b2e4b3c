import Foundation
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Emergency mode: factor, expiry, changes made while on, and a reload during it.
@Suite struct EmergencyModeTests {
    @Test func emergencyHalvesRateAndBurstAndEndsByItself() {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        limiter.setEmergency(enabled: true, duration: .seconds(300))
        let on = limiter.status()
        #expect(on.emergency.active)
        #expect(on.emergency.until == clock.wallTime(at: 300_000_000_000))
        #expect(on.group(.ticker)?.rateRatio == 0.5)
        var burst = 0
        while limiter.tryAcquire(group: .ticker) != nil { burst += 1 }
        #expect(burst == 5)
        clock.advance(by: .seconds(300))
        let off = limiter.status()
        #expect(!off.emergency.active)
        #expect(off.group(.ticker)?.rateRatio == 1, "restored without an acquire")
        #expect(off.events.filter { $0.kind == "emergency" }.map(\.message) == ["emergency mode on", "emergency mode off"])
    }

    @Test func aRateCutMadeWhileOnIsWhatComesBack() {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        limiter.setEmergency(enabled: true, duration: .seconds(60))
        limiter.report(group: .ticker, status: 429)
        #expect(limiter.status().group(.ticker)!.rateRatio == 0.5 * 0.7)
        clock.advance(by: .seconds(61))
        #expect(abs(limiter.status().group(.ticker)!.rateRatio - 0.7) < 1e-9)
    }

    @Test func aHugeDurationMeansUntilSwitchedOffNotACrash() {
        let clock = ManualClock(start: 5_000_000_000)
        let limiter = RateLimiter(clock: clock)
        limiter.setEmergency(enabled: true, duration: .seconds(Int64.max))
        #expect(limiter.status().emergency.active)
        limiter.setEmergency(enabled: false)
        #expect(limiter.status().group(.order)!.rateRatio == 1)
    }

    @Test func emergencyExpiringDuringAConfigReloadRestoresTheReloadedLimits() async throws {
        let file = try temporaryConfigFile(#"{"margin_ms": 25}"#)
        let h = await RuntimeHarness.start(try RuntimeConfiguration.load(file: file, environment: [:]))
        h.limiter.setEmergency(enabled: true, duration: .seconds(10))
        let waiter = Task { try await h.limiter.acquire(group: .ticker, timeout: .seconds(60)) }
        while h.limiter.tryAcquire(group: .ticker) != nil {}
        try #"{"margin_ms": 25, "limits": {"groups": [{"name": "ticker", "windows": [{"limit": 4, "seconds": 1}]}]}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        await h.clock.run(until: { h.limiter.status().events.contains { $0.kind == "config" } }, limit: .seconds(9))
        #expect(h.limiter.status().group(.ticker)?.limitPerSecond == 4)
        #expect(h.limiter.status().group(.ticker)?.rateRatio == 0.5, "emergency still on after the reload")
        await h.clock.run(until: { !h.limiter.status().emergency.active }, limit: .seconds(11))
        let after = h.limiter.status().group(.ticker)!
        #expect(after.limitPerSecond == 4 && after.rateRatio == 1, "the reloaded limits, at full rate")
        await h.clock.run(until: { h.limiter.queueDepth(of: .ticker) == 0 }, limit: .seconds(5))
        _ = try await waiter.value
        await h.stop()
    }
}
