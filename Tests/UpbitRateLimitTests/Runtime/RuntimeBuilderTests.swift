import Foundation
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// One builder for every command: the command line stays on top across reloads, and the
/// limit table file named by the configuration is watched.
@Suite struct RuntimeBuilderTests {
    static func orderTable(_ limit: Int) -> String {
        #"{"groups": [{"name": "order", "windows": [{"limit": \#(limit), "seconds": 1}]}]}"#
    }

    static func reloads(_ h: RuntimeHarness) -> Int {
        h.limiter.status().events.count { "\($0)".contains("configuration reloaded") }
    }

    @Test func aPresetFlagKeepsOrderAt8PerSecondAcrossReloads() async throws {
        let file = try temporaryConfigFile(#"{"limits": \#(Self.orderTable(12))}"#)
        let builder = RuntimeBuilder(file: file, environment: ["UPBIT_RATE_LIMIT_ORDER_RPS": "10"],
                                     overrides: .init(limits: .preset(.global)))
        let h = try await RuntimeHarness.start(builder)
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 8)

        // The file changes (the watcher reloads), then an explicit reload (what SIGHUP does).
        try #"{"limits": \#(Self.orderTable(12)), "margin_ms": 20}"#.write(toFile: file, atomically: true, encoding: .utf8)
        await h.clock.run(until: { Self.reloads(h) >= 1 }, limit: .seconds(5))
        #expect(Self.reloads(h) >= 1, "the watcher reloaded")   // ≥: another suite's SIGHUP may reload too
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 8)
        guard case .success(let outcome) = h.runtime.reload(reason: "SIGHUP") else {
            Issue.record("reload failed: \(String(describing: h.runtime.lastReloadError))")
            return
        }
        #expect(!outcome.needsRestart.contains("limits"))
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 8)
        #expect(h.runtime.configuration.limiter.limits.source == "preset:global")
        #expect(h.limiter.status().limits == "preset:global")
        await h.stop()
    }

    @Test func aConsoleRefreshIsNoDriftOnReload() async throws {
        let file = try temporaryConfigFile(#"{"margin_ms": 25}"#)
        let h = try await RuntimeHarness.start(RuntimeBuilder(file: file, environment: [:],
                                                              overrides: .init(frameInterval: .milliseconds(200))))
        guard case .success(let outcome) = h.runtime.reload(reason: "test") else {
            Issue.record("reload failed")
            return
        }
        #expect(outcome.needsRestart.isEmpty, "\(outcome.needsRestart)")
        #expect(h.runtime.configuration.frameInterval == .milliseconds(200))
        await h.stop()
    }

    @Test func theLimitsFileNamedByPathIsWatched() async throws {
        let file = try temporaryConfigFile(#"{"limits": "limits.json"}"#)
        let limits = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("limits.json").path
        try Self.orderTable(12).write(toFile: limits, atomically: true, encoding: .utf8)
        let h = try await RuntimeHarness.start(RuntimeBuilder(file: file, environment: [:]))
        #expect(h.runtime.configuration.limitsPath == limits)
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 12)
        try Self.orderTable(160).write(toFile: limits, atomically: true, encoding: .utf8)
        await h.clock.run(until: { h.limiter.status().group(.order)?.limitPerSecond == 160 }, limit: .seconds(5))
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 160)
        await h.stop()
    }
}
