import Foundation
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Rule files, and each alert's lifecycle from raise to resolve.
@Suite struct AlertRuleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theDefaultRuleFileIsTheSeedDefaults() throws {
        let file = Self.repository.appendingPathComponent("config/alert-rules.json").path
        let loaded = try AlertRuleSet.load(contentsOf: file)
        #expect(loaded.rules == AlertRuleSet.seedDefaults.rules)
        #expect(Set(loaded.rules.map(\.level)) == Set(AlertLevel.allCases))
    }

    @Test(arguments: [
        (#"{"rules": [{"name": "a" "metric": "queue_depth", "threshold": 1, "level": "P1"}]}"#,
         "rules.json:1:25: not valid JSON"),
        ("{\"rules\": [\n {\"name\": \"a\", \"metric\": \"queue_depth\", \"threshold\": 1, \"level\": \"P1\"},\n {\"name\": \"b\", \"metric\": \"queu_depth\", \"threshold\": 1, \"level\": \"P1\"}\n]}",
         "rules.json:3: at 'rules[1].metric': Cannot initialize AlertMetric from invalid String value queu_depth"),
        ("{\"rules\": [\n {\"name\": \"a\", \"metric\": \"queue_depth\", \"threshold\": \"many\", \"level\": \"P1\"}\n]}",
         "rules.json:2: at 'rules[0].threshold': Expected to decode Double but found a string instead."),
        (#"{"rules": [{"name": "a", "metric": "queue_depth", "threshold": 1, "level": "P1"}, {"name": "a", "metric": "queue_depth", "threshold": 2, "level": "P0"}]}"#,
         "rules.json: rules[1] ('a'): the name appears twice"),
        (#"{"rules": [{"name": "a", "metric": "queue_depth", "threshold": 1, "level": "P1", "for_s": -1}]}"#,
         "rules.json: rules[0] ('a'): 'for_s' must be ≥ 0, got -1.0"),
    ])
    func malformedRuleFilesNameTheFileLineAndKey(document: String, message: String) {
        #expect(throws: ConfigurationError.self) { try AlertRuleSet.decode(Data(document.utf8), origin: "rules.json") }
        do {
            _ = try AlertRuleSet.decode(Data(document.utf8), origin: "rules.json")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func anAlertIsRaisedStaysActiveAndResolvesWithItsDuration() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let sink = RecordingSink()
        let rules = try AlertRuleSet(rules: [AlertRule(name: "streak", metric: .consecutive429, threshold: 1, level: .p1)])
        let engine = AlertEngine(rules: rules, sinks: [sink]) { alert in
            limiter.note(alert.state == .resolved ? .alertResolved(alert.level, alert.rule)
                                                           : .alertRaised(alert.level, alert.rule), group: alert.group)
        }
        func evaluate() -> [Alert] {
            engine.evaluate(AlertInput(frame: limiter.status()), now: clock.now(), wallNow: clock.wallNow())
        }
        limiter.report(group: .ticker, status: 429)
        #expect(evaluate().isEmpty)
        limiter.report(group: .ticker, status: 429)
        #expect(evaluate().map(\.state) == [.raised])
        clock.advance(by: .seconds(5))
        #expect(evaluate().isEmpty)
        #expect(engine.active().map(\.state) == [.active])
        #expect(engine.active().first?.group == .ticker)
        limiter.report(group: .ticker, status: 200)
        clock.advance(by: .seconds(3))
        let resolved = evaluate()
        #expect(resolved.map(\.state) == [.resolved])
        #expect(resolved.first?.duration(now: clock.wallNow()) == 8)
        #expect(engine.active().isEmpty && engine.recentlyResolved().count == 1)
        #expect(sink.alerts.map(\.state) == [.raised, .resolved])
        #expect(limiter.status().events.map(\.kind).suffix(2) == ["alert", "alert_resolved"])
    }

    @Test func aRuleWithForSecondsWaitsBeforeRaising() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let rules = try AlertRuleSet(rules: [AlertRule(name: "cut", metric: .rateRatio, comparison: .less,
                                                       threshold: 1, level: .p2, forSeconds: 10)])
        let engine = AlertEngine(rules: rules)
        limiter.setEmergency(enabled: true, duration: .seconds(60))
        for _ in 0..<2 {
            #expect(engine.evaluate(AlertInput(frame: limiter.status()), now: clock.now(), wallNow: 0).isEmpty)
            clock.advance(by: .seconds(5))
        }
        let raised = engine.evaluate(AlertInput(frame: limiter.status()), now: clock.now(), wallNow: 0)
        #expect(raised.count == limiter.groupNames.count, "one alert per group")
    }
}
