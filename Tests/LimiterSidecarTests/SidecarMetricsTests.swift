import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdTesting
import LimiterSidecar
import Prometheus
import Testing
import UpbitRateLimit

/// `GET /metrics`: the registry swift-metrics records into, with the seed's names.
@Suite struct SidecarMetricsTests {
    /// A server whose limiter and runtime record into a fresh registry.
    static func makeServer() -> SidecarServer {
        let registry = PrometheusCollectorRegistry()
        let runtime = withMetricsFactory(LimiterMetricsFactory(registry: registry)) {
            LimiterRuntime(configuration: .init(), environment: [:])
        }
        return SidecarServer(runtime: runtime, token: "secret", metrics: registry)
    }

    @Test func aScrapeCarriesTheSeedNamesAndPassesPromtool() async throws {
        let server = Self.makeServer()
        try await withRouter(server) { client in
            _ = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#)
            _ = try await client.post("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":429}"#)
            server.runtime.metrics.update(from: server.runtime.status())
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            for metric in LimiterMetric.all where !LimiterMetric.sharedStore.contains(metric) {
                #expect(text.contains("# TYPE \(metric.name) \(metric.kind.rawValue)\n"), "\(metric.name)")
                #expect(text.contains("# HELP \(metric.name) "), "\(metric.name)")
            }
            for series in [#"upbit_rate_limit_acquisitions_total{group="ticker",result="granted"} 1"#,
                           #"upbit_rate_limit_429_errors_total{group="ticker"} 1"#,
                           #"upbit_rate_limit_consecutive_429{group="ticker"} 1"#,
                           #"upbit_rate_limit_wait_seconds_bucket{group="ticker",le="0.005"} 1"#,
                           #"upbit_rate_limit_wait_seconds_bucket{group="ticker",le="30.0"} 1"#,
                           #"upbit_rate_limit_wait_seconds_count{group="ticker"} 1"#] {
                #expect(text.contains(series), "\(series)")
            }
            let complaint = try Promtool.checkMetrics(text)
            #expect(complaint == nil, "\(complaint ?? "")")
        }
    }

    @Test func countersFollowTheTotalsWithoutSetting() async throws {
        let server = Self.makeServer()
        let runtime = server.runtime
        runtime.limiter.report(group: .ticker, status: 429)
        runtime.metrics.update(from: runtime.status())
        runtime.metrics.update(from: runtime.status())
        runtime.limiter.report(group: .ticker, status: 418)
        runtime.metrics.update(from: runtime.status())
        let text = server.metrics.emitToString()
        #expect(text.contains(#"upbit_rate_limit_429_errors_total{group="ticker"} 1"#))
        #expect(text.contains(#"upbit_rate_limit_418_errors_total{group="ticker"} 1"#))
    }
}
