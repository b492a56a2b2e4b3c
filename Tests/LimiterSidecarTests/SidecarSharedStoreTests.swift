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

    @Test(.timeLimit(.minutes(1)))
    func aLeasedSharedPermitSettlesExactlyItsOwnStoreRow() async throws {
        let store = WatchedStore()
        try await withRouter(server(host: "leasing") { _ in store }) { client in
            func permit(_ body: String) async throws -> String? {
                let answer = try await client.post("/v1/acquire", body)
                #expect(answer.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any]
                return json?["permit"] as? String
            }
            let leased = #"{"endpoint":"/v1/orders","method":"POST","lease":true,"lease_s":2}"#
            let first = try #require(try await permit(leased)), second = try #require(try await permit(leased))
            #expect(try await permit(#"{"endpoint":"/v1/orders","method":"POST"}"#) == nil,
                    "without a lease the answer names no permit (the group's next report settles it)")
            var calls = store.calls.makeAsyncIterator()
            let report = try await client.post("/v1/report", #"{"permit":"\#(second)","status":201}"#)
            #expect(report.status == .noContent)
            #expect(await calls.next() == .report("leasing-2"), "the second permit's row, not the oldest open one")
            let release = try await client.post("/v1/release", #"{"permit":"\#(first)"}"#)
            #expect(release.status == .noContent)
            #expect(await calls.next() == .release("leasing-1"))
            let again = try await client.post("/v1/report", #"{"permit":"\#(second)","status":201}"#)
            #expect(again.status == .conflict, "each permit is closed once")
        }
    }

    /// A leased shared permit reported after its bound is told 409 "expired", and its 429 still reaches the
    /// store: another host on the store is held for the window.
    @Test(.timeLimit(.minutes(1)))
    func aLateSharedReportsFeedbackHoldsTheOtherHosts() async throws {
        let store = WatchedStore()
        let other = try server(host: "other") { _ in store.base }
        try await withRouter(server(host: "late") { _ in store }) { client in
            let answer = try await client.post("/v1/acquire", #"{"endpoint":"/v1/orders","method":"POST","lease":true,"lease_s":0.05}"#)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any]
            let permit = try #require(json?["permit"] as? String)
            try await Task.sleep(for: .milliseconds(200))
            let late = try await client.post("/v1/report", #"{"permit":"\#(permit)","status":429}"#)
            #expect(late.status == .conflict)
            #expect(String(buffer: late.body).contains("permit: expired"))
            var calls = store.calls.makeAsyncIterator()
            #expect(await calls.next() == .report("late-1"))
            #expect(await calls.next() == .hold([.order]))
        }
        try await withRouter(other) { client in
            let held = try await client.post("/v1/acquire", #"{"endpoint":"/v1/orders","method":"POST","timeout":0.1}"#)
            #expect(held.status == .gatewayTimeout, "the late 429 holds the order group on the other host")
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

/// Tells each report and release it passes on to an ``InMemoryWindowStore`` (the sidecar
/// settles store rows without making the bot wait, so the test reads them off this stream).
private final class WatchedStore: SharedWindowStore {
    enum Call: Hashable, Sendable {
        case report(String)
        case release(String)
        case hold([GroupID])
    }

    let base = InMemoryWindowStore(clock: SystemLimiterClock())
    let (calls, continuation) = AsyncStream.makeStream(of: Call.self, bufferingPolicy: .bufferingNewest(16))

    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict { try await base.acquire(request) }
    func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws {
        try await base.report(account: account, group: group, permitID: permitID, answerAge: answerAge)
        continuation.yield(.report(permitID))
    }
    func release(account: String, group: GroupID, permitID: String) async throws {
        try await base.release(account: account, group: group, permitID: permitID)
        continuation.yield(.release(permitID))
    }
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws {
        try await base.hold(account: account, groups: groups, for: duration)
        continuation.yield(.hold(groups))
    }
}

/// A store that never answers successfully.
private struct DownStore: SharedWindowStore {
    struct Down: Error {}
    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict { throw Down() }
    func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws { throw Down() }
    func release(account: String, group: GroupID, permitID: String) async throws { throw Down() }
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws { throw Down() }
}
