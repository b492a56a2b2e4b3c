import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The seed's P3 performance baseline: p95 wait against its one-hour mean.
@Suite struct PerformanceBaselineTests {
    static let template = RateLimiter(configuration: .init(), clock: ManualClock()).status()

    /// The template frame at `t` with the first group's p95 wait `p95` ms.
    static func frame(_ t: Double, p95: Double) -> StatusFrame {
        var f = template
        f.t = t
        f.groups[0].waitMs = Percentiles(p50: p95 / 2, p95: p95)
        return f
    }

    static func watched(p95: Double, seconds: Int) -> PerformanceBaseline {
        var baseline = PerformanceBaseline()
        for s in 0...seconds { baseline.update(with: frame(Double(s), p95: p95)) }
        return baseline
    }

    @Test func aStepAboveTheBaselineDeviatesOnceWarmedUp() {
        let baseline = Self.watched(p95: 20, seconds: 900)
        #expect(baseline.deviationPct(Self.frame(901, p95: 20).groups[0]) == 0)
        let deviation = baseline.deviationPct(Self.frame(901, p95: 30).groups[0])
        #expect(abs(deviation - 50) < 0.01, "\(deviation)")
        #expect(Self.watched(p95: 20, seconds: 100).deviationPct(Self.frame(101, p95: 30).groups[0]) == 0, "warming up")
        #expect(Self.watched(p95: 1, seconds: 900).deviationPct(Self.frame(901, p95: 3).groups[0]) == 0, "below 5 ms")
    }

    @Test func theP3RuleRaisesAfterAMinuteAboveTenPercent() throws {
        let rule = try #require(AlertRuleSet.seedDefaults.rules.first { $0.name == "performance_baseline_deviation" })
        #expect(rule.level == .p3)
        let engine = AlertEngine(rules: try AlertRuleSet(rules: [rule], source: "test"))
        var baseline = Self.watched(p95: 20, seconds: 900)
        var raised: [Alert] = []
        for s in 901...965 {
            let frame = Self.frame(Double(s), p95: 26)
            baseline.update(with: frame)
            raised += engine.evaluate(AlertInput(frame: frame, baseline: baseline), now: Int64(s) * 1_000_000_000,
                                      wallNow: Double(s))
        }
        #expect(raised.map(\.rule) == ["performance_baseline_deviation"])
        #expect(raised.first?.group == Self.template.groups[0].name)
    }
}
