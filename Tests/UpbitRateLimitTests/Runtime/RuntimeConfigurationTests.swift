import Foundation
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Defaults → file → environment, and the errors a bad input gets.
@Suite struct RuntimeConfigurationTests {
    func decode(_ text: String) throws(ConfigurationError) -> RuntimeConfiguration {
        try RuntimeConfiguration.decode(Data(text.utf8), origin: "limiter.json")
    }

    func message(_ text: String) -> String {
        do { _ = try decode(text); return "no error" } catch { return error.message }
    }

    @Test func aFileOverridesTheDefaults() throws {
        let c = try decode("""
            {"margin_ms": 40, "circuit": {"failure_threshold": 3, "open_s": 60},
             "emergency": {"factor": 0.25, "duration_s": 120},
             "limits": {"groups": [{"name": "order", "windows": [{"limit": 8, "seconds": 1}]}]},
             "webhook_url": "https://hooks.example.invalid/T000"}
            """)
        #expect(c.limiter.margin == .milliseconds(40))
        #expect(c.limiter.circuit.failureThreshold == 3 && c.limiter.circuit.openDuration == .seconds(60))
        #expect(c.limiter.circuit.successThreshold == 3, "unset keys keep their default")
        #expect(c.limiter.emergencyFactor == 0.25 && c.limiter.emergencyDuration == .seconds(120))
        #expect(c.limiter.limits[.order]?.windows == [LimitWindow(limit: 8, seconds: 1)])
        #expect(c.configPath == "limiter.json")
    }

    /// Regression: on Linux every JSON number is an `NSNumber` and `1`/`0` pass `is Bool`, so
    /// `"open_s": 1` was refused as "got true".
    @Test func theNumbersOneAndZeroAreNumbersNotBooleans() throws {
        let c = try decode(#"{"margin_ms": 0, "circuit": {"open_s": 1, "failure_threshold": 1}, "emergency": {"factor": 1}}"#)
        #expect(c.limiter.margin == .zero)
        #expect(c.limiter.circuit.openDuration == .seconds(1) && c.limiter.circuit.failureThreshold == 1)
        #expect(c.limiter.emergencyFactor == 1)
    }

    @Test(arguments: [
        ("{\n  \"margin_ms\": 25,\n  \"circuit\": {\"open_s\" 30}\n}", "limiter.json:3:24: not valid JSON"),
        ("{\n  \"circuit\": {\n    \"failure_threshold\": \"five\"\n  }\n}",
         "limiter.json:3: 'circuit.failure_threshold': must be a whole number in [1, 1000000], got \"five\""),
        ("{\n  \"marign_ms\": 25\n}", "limiter.json:2: 'marign_ms': unknown key"),
        ("{\"emergency\": {\"factor\": 1.5}}", "limiter.json:1: 'emergency.factor': must be a number in (0, 1], got 1.5"),
        ("{\"margin_ms\": true}", "limiter.json:1: 'margin_ms': must be a number of milliseconds in [0, 1000), got true"),
        ("{\"limits\": {\"groups\": [{\"name\": \"ticker\", \"windows\": [{\"limit\": 0, \"seconds\": 1}]}]}}",
         "limiter.json:1: 'limits': group 'ticker': window limit must be a whole number in [1, 1000000], got 0"),
        ("{\"webhook_url\": \"slack\"}", "limiter.json:1: 'webhook_url': must be an http(s) URL"),
        ("[1, 2]", "limiter.json:1: the document must be a JSON object"),
        // Regressions: each of these converted to Duration/Int unchecked, or meant "no limit".
        ("{\"circuit\": {\"open_s\": 1e300}}", "limiter.json:1: 'circuit.open_s': must be a number of seconds in (0, 86400], got 1e+300"),
        ("{\"intervals\": {\"frame_ms\": 0.000001}}", "limiter.json:1: 'intervals.frame_ms': must be a number of milliseconds in [1, 3600000]"),
        ("{\"circuit\": {\"failure_threshold\": 1e19}}", "limiter.json:1: 'circuit.failure_threshold': must be a whole number in [1, 1000000]"),
        ("{\"limits\": {\"groups\": [{\"name\": \"ticker\", \"windows\": [{\"limit\": 1, \"seconds\": 1e-300}]}]}}",
         "limiter.json:1: 'limits': group 'ticker': window seconds must be a number of seconds in [0.001, 86400]"),
        ("{\"default_timeout_s\": \"30\"}", "limiter.json:1: 'default_timeout_s': must be a number of seconds in (0, 3600], got \"30\""),
    ])
    func malformedFilesNameFileLineKeyAndValue(text: String, expected: String) {
        #expect(message(text).hasPrefix(expected), "\(message(text))")
    }

    @Test func anUnreadableFileIsNamed() {
        #expect(throws: ConfigurationError(.unreadableFile, "/nonexistent/limiter.json: cannot read the configuration file")) {
            try RuntimeConfiguration.load(file: "/nonexistent/limiter.json", environment: [:])
        }
    }

    @Test func environmentOverridesFollowTheSeedNames() throws {
        let env = ["UPBIT_RATE_LIMIT_TICKER_RPS": "5", "UPBIT_RATE_LIMIT_ORDER_TEST_BURST": "4",
                   "UPBIT_RATE_LIMIT_WEBSOCKET_MESSAGE_RPS": "2.5", "UNRELATED": "x"]
        let table = try RuntimeConfiguration.load(file: nil, environment: env).limiter.limits
        #expect(table[.ticker]?.windows == [LimitWindow(limit: 5, seconds: 1)])
        #expect(table[.orderTest]?.primaryWindow.limit == 4)
        #expect(table[.websocketMessage]?.primaryWindow == LimitWindow(limit: 3, seconds: 1.2))
        #expect(table[.websocketMessage]?.windows.count == 2, "the minute window stays")
        #expect(table.source.hasSuffix("+env"))
    }

    @Test(arguments: [
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "fast"], "environment UPBIT_RATE_LIMIT_TICKER_RPS=fast: must be a number"),
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "-1"], "environment UPBIT_RATE_LIMIT_TICKER_RPS=-1: must be a number"),
        (["UPBIT_RATE_LIMIT_ORDER_BURST": "0"], "environment UPBIT_RATE_LIMIT_ORDER_BURST=0: must be a whole number in [1, 1000000]"),
        (["UPBIT_RATE_LIMIT_TICKR_RPS": "5"], "environment UPBIT_RATE_LIMIT_TICKR_RPS=5: no group 'TICKR'"),
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "0.00001"], "environment UPBIT_RATE_LIMIT_TICKER_RPS: a window of"),
        // Regressions: 1e19 trapped `Int(rate * seconds)`; 1e300 with BURST=1 made a 0 ns window (no limit).
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "1e19"],
         "environment UPBIT_RATE_LIMIT_TICKER_RPS=1e19: must be a number of requests per second in (0, 1000000], got 1e+19"),
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "1e300", "UPBIT_RATE_LIMIT_TICKER_BURST": "1"],
         "environment UPBIT_RATE_LIMIT_TICKER_RPS=1e300: must be a number of requests per second in (0, 1000000]"),
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "10000", "UPBIT_RATE_LIMIT_TICKER_BURST": "1"],
         "environment UPBIT_RATE_LIMIT_TICKER_RPS and UPBIT_RATE_LIMIT_TICKER_BURST: a window of 1 per 0.0001 s is outside [0.001, 86400] s"),
        (["UPBIT_RATE_LIMIT_TICKER_RPS": "nan"], "environment UPBIT_RATE_LIMIT_TICKER_RPS=nan: must be a number of requests per second"),
        (["UPBIT_RATE_LIMIT_TICKER_BURST": "99999999999999999999"], "environment UPBIT_RATE_LIMIT_TICKER_BURST=99999999999999999999: must be a whole number"),
    ])
    func badEnvironmentValuesNameTheVariable(env: [String: String], expected: String) {
        do {
            _ = try RuntimeConfiguration.load(file: nil, environment: env)
            Issue.record("no error for \(env)")
        } catch {
            #expect(error.message.hasPrefix(expected), "\(error.message)")
        }
    }

    @Test func aBadReloadKeepsTheOldConfigurationAndRaisesDrift() async throws {
        let file = try temporaryConfigFile(#"{"margin_ms": 25}"#)
        let h = await RuntimeHarness.start(try RuntimeConfiguration.load(file: file, environment: [:]))
        try #"{"margin_ms": 25, "circuit": {"open_s": -3}}"#.write(toFile: file, atomically: true, encoding: .utf8)
        await h.clock.run(until: { h.runtime.lastReloadError != nil }, limit: .seconds(3))
        #expect(h.runtime.lastReloadError?.message.contains("'circuit.open_s'") == true)
        await h.clock.run(until: { h.runtime.alerts.active().contains { $0.rule == "configuration_drift_detected" } },
                          limit: .seconds(3))
        #expect(h.runtime.status().alerts.contains { $0.level == .p3 })
        await h.stop()
    }

    @Test func sighupReloadsWithoutDroppingAWaiter() async throws {
        let document = { (limit: Int) in
            #"{"limits": {"groups": [{"name": "order", "windows": [{"limit": \#(limit), "seconds": 1}]}]}}"#
        }
        let file = try temporaryConfigFile(document(12))
        let h = await RuntimeHarness.start(try RuntimeConfiguration.load(file: file, environment: [:]))
        while h.limiter.tryAcquire(group: .order) != nil {}
        let waiter = Task { try await h.limiter.acquire(group: .order, timeout: .seconds(30)) }
        await h.clock.settle(until: { h.limiter.queueDepth(of: .order) == 1 })
        // Same size and modification time: only the signal can tell the watcher.
        let modified = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate]!
        try document(16).write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
        h.clock.advance(by: .seconds(2))
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 12, "no reload without the signal")
        kill(getpid(), SIGHUP)   // process-directed, like `kill -HUP`: worker threads block signals
        let reloaded: @Sendable () -> Bool = { h.runtime.configuration.limiter.limits[.order]?.primaryWindow.limit == 16 }
        for _ in 0..<3 where !reloaded() {
            h.clock.advance(by: .seconds(1))
            await h.clock.settle(until: reloaded)
        }
        #expect(h.limiter.status().group(.order)?.limitPerSecond == 16)
        #expect(h.limiter.queueDepth(of: .order) <= 1, "the waiter was not dropped")
        await h.clock.run(until: { h.limiter.queueDepth(of: .order) == 0 }, limit: .seconds(5))
        _ = try await waiter.value
        await h.stop()
    }
}
