import Foundation
import HummingbirdTesting
import LimiterSidecar
import CoreMetrics
import Prometheus
import Testing
import UpbitRateLimit

/// `serve --shared`: the sidecar's acquires of account-scope groups go through the store,
/// reports settle the store's rows, and the status and metrics show the store.
@Suite struct SidecarSharedStoreTests {
    /// A sidecar whose runtime shares its pocket groups through `store` (system clock).
    func server(host: String = "sidecar-1",
                store: (any LimiterClock) -> any SharedWindowStore) throws -> SidecarServer {
        let registry = PrometheusCollectorRegistry()
        let runtime = withMetricsFactory(LimiterMetricsFactory(registry: registry)) {
            LimiterRuntime(configuration: .init(), environment: [:])
        }
        runtime.attach(try SharedRateLimiter(
            limiter: runtime.limiter, store: store(runtime.limiter.clock), storeName: "memory",
            configuration: .init(account: "acct", host: host, storeTimeout: .milliseconds(100),
                                 retryInterval: .milliseconds(50))))
        return SidecarServer(runtime: runtime, token: "secret", metrics: registry)
    }

    @Test func anUnreachableStoreFailsSharedGroupsClosedAndLeavesPublicOnesAlone() async throws {
        let server = try server(store: { _ in DownStore() })
        try await withRouter(server) { client in
            let order = try await client.post("/v1/acquire", #"{"endpoint":"/v1/orders","method":"POST","timeout":0.2}"#)
            #expect(order.status == .serviceUnavailable)
            #expect(order.headers[.retryAfter] != nil)
            #expect(String(buffer: order.body).contains("storeUnavailable"))
            let ticker = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#)
            #expect(ticker.status == .ok)
            // `/metrics` shows what the runtime's sampler last wrote; one sample here.
            server.runtime.metrics.update(from: server.runtime.status())
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"upbit_rate_limit_shared_store_reachable{account="acct"} 0.0"#))
        }
    }

    @Test func twoSidecarsOnOneStoreShareTheAccountsWindow() async throws {
        let store = InMemoryWindowStore(clock: SystemLimiterClock())  // the store's own clock
        let first = try server(host: "sidecar-1") { _ in store }, second = try server(host: "sidecar-2") { _ in store }
        let body = #"{"endpoint":"/v1/orders/open","method":"DELETE","timeout":0.2}"#  // order-cancel-all: 1 per 2 s
        try await withRouter(first) { client in
            let granted = try await client.post("/v1/acquire", body)
            #expect(granted.status == .ok)
            let report = try await client.post("/v1/report", #"{"endpoint":"/v1/orders/open","method":"DELETE","status":200}"#)
            #expect(report.status == .noContent)
        }
        #expect(store.entries(account: "acct", group: .orderCancelAll, within: .seconds(2)) == 1)
        try await withRouter(second) { client in
            let refused = try await client.post("/v1/acquire", body)
            #expect(refused.status == .gatewayTimeout, "the other host's permit fills the account's window")
            let status = try JSONSerialization.jsonObject(
                with: Data(buffer: try await client.execute(uri: "/v1/status", method: .get).body)) as? [String: Any]
            let shared = status?["shared_store"] as? [String: Any]
            #expect(shared?["account"] as? String == "acct")
            #expect(shared?["reachable"] as? Bool == true)
        }
    }
}

/// A store that never answers successfully.
private struct DownStore: SharedWindowStore {
    struct Down: Error {}
    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict { throw Down() }
    func report(account: String, group: GroupID, permitID: String) async throws { throw Down() }
    func release(account: String, group: GroupID, permitID: String) async throws { throw Down() }
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws { throw Down() }
}
