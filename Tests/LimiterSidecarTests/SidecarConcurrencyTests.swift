import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import LimiterSidecar
import NIOCore
import Testing
import UpbitRateLimit

@Suite struct SidecarConcurrencyTests {
    /// 24 concurrent clients over the live server on `ticker` (10 per second), each acquiring a lease:
    /// no 1 s window holds more than 10 grants, judged at the server's release instants (the permits'
    /// `releasedAt`), not at the clients' receipt of the answers.
    @Test func concurrentClientsKeepTheWindow() async throws {
        let server = makeServer()
        let ids = try await Application(router: server.router()).test(.live) { client in
            try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        // Short leases that end by themselves: the test client's one connection answers in
                        // order, so a report would wait behind the acquires still queued for its slot.
                        let response = try await client.post(
                            "/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET","timeout":20,"lease":true,"lease_s":0.05}"#)
                        guard response.status == .ok,
                              let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                        else { return nil }
                        return body["permit"] as? String
                    }
                }
                var ids: [String] = []
                for try await id in group { if let id { ids.append(id) } }
                return ids
            }
        }
        #expect(ids.count == 24)
        let times = ids.compactMap { server.permits.entry($0)?.permit.releasedAt }.sorted()
        #expect(times.count == 24)
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 - start < 1_000_000_000 }.count
            #expect(inWindow <= 10, "window starting at grant \(index) holds \(inWindow)")
        }
    }

    @Test func shutdownAnswersWaitersWith503() async throws {
        // One request an hour: the slot taken below stays taken however slowly a loaded host starts the server.
        var configuration = RuntimeConfiguration()
        if let i = configuration.limiter.limits.groups.firstIndex(where: { $0.name == .orderCancelAll }) {
            configuration.limiter.limits.groups[i].windows = [LimitWindow(limit: 1, seconds: 3_600)]
        }
        let server = SidecarServer(runtime: LimiterRuntime(configuration: configuration, environment: [:]), token: "secret")
        #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) != nil)
        try await withRouter(server) { client in
            async let waiting = client.post("/v1/acquire", #"{"endpoint":"/v1/orders/open","method":"DELETE","timeout":30}"#)
            for _ in 0..<2_000 where server.inflight.count == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.inflight.count == 1, "the acquire is waiting")
            server.inflight.shutDown()
            let response = try await waiting
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body).contains("shutting down"))
        }
    }
}
