import Metrics
import MetricsTestKit
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The sampler's swift-metrics instruments, with the seed's names and fixed dimensions.
@Suite struct RuntimeMetricsTests {
    @Test func gaugesAndCountersFollowTheStatus() async throws {
        let factory = TestMetrics()
        let h = await withMetricsFactory(factory) { await RuntimeHarness.start() }
        h.limiter.report(group: .ticker, status: 429)
        h.limiter.report(group: .ticker, status: 429)
        for _ in 0..<5 { h.limiter.report(group: .order, status: 503) }
        h.runtime.supervisor.inject(.kill, into: "frame-publisher")
        await h.clock.run(until: { h.task("frame-publisher")?.restarts == 1 }, limit: .seconds(3))
        h.runtime.metrics.update(from: h.runtime.status())
        h.limiter.report(group: .ticker, status: 429)
        h.runtime.metrics.update(from: h.runtime.status())

        #expect(try factory.expectCounter("upbit_rate_limit_429_errors_total", [("group", "ticker")]).totalValue == 3)
        #expect(try factory.expectCounter("upbit_rate_limit_timeouts_total", [("group", "ticker")]).totalValue == 0)
        #expect(try factory.expectGauge("upbit_rate_limit_queue_depth", [("group", "ticker")]).lastValue == 0)
        let ratio = try factory.expectGauge("upbit_rate_limit_rate_ratio", [("group", "ticker")]).lastValue ?? 0
        #expect(ratio == 0.7, "three 429s in a row are one round of evidence: one cut")
        #expect(try factory.expectGauge("upbit_rate_limit_circuit_state", [("group", "order")]).lastValue == 2)
        let tasks = Double(h.runtime.supervisor.tasks().count)
        #expect(try factory.expectGauge("background_tasks_alive").lastValue == tasks)
        #expect(try factory.expectCounter("upbit_rate_limit_task_restarts_total", [("task", "frame-publisher")]).totalValue == 1)
        await h.stop()
    }
}
