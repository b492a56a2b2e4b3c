import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimiterSidecar
import NIOCore
import Testing
import UpbitRateLimit

@Suite struct SidecarConcurrencyTests {
    /// 24 concurrent clients over the live server on `ticker` (10 per second): at the clients,
    /// no 1 s window holds more grants than the limit.
    @Test func concurrentClientsKeepTheWindow() async throws {
        let server = makeServer()
        let times = try await Application(router: server.router()).test(.live) { client in
            try await withThrowingTaskGroup(of: UInt64?.self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        let response = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET","timeout":3}"#)
                        return response.status == .ok ? DispatchTime.now().uptimeNanoseconds : nil
                    }
                }
                var times: [UInt64] = []
                for try await time in group { if let time { times.append(time) } }
                return times.sorted()
            }
        }
        #expect(times.count == 24)
        // The answer arrives after the grant, so a window at the client can only look wider, never narrower:
        // allow 1 of slack for answer reordering across connections.
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 - start < 1_000_000_000 }.count
            #expect(inWindow <= 11, "window starting at grant \(index) holds \(inWindow)")
        }
    }

    @Test func shutdownAnswersWaitersWith503() async throws {
        let server = makeServer()
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
