import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LimiterSidecar
import NIOCore
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Every number a client sends goes through the checked conversion: out of range is a 400 naming the
/// field, never a trap (each case below killed the sidecar or overflowed before).
@Suite struct SidecarInputTests {
    /// A server whose `order-cancel-all` group is saturated for an hour, so an acquire there must wait.
    func saturatedServer() -> SidecarServer {
        var configuration = RuntimeConfiguration()
        let i = configuration.limiter.limits.groups.firstIndex { $0.name == .orderCancelAll }!
        configuration.limiter.limits.groups[i].windows = [LimitWindow(limit: 1, seconds: 3_600)]
        let server = SidecarServer(runtime: LimiterRuntime(configuration: configuration, environment: [:]), token: "secret")
        _ = server.runtime.limiter.tryAcquire(group: .orderCancelAll)
        return server
    }

    // Regression: `"timeout": 1e10` on a group that must wait trapped `Int64($0 * 1e9)`.
    @Test(arguments: ["1e10", "3600.5", "-1", "1e400", "-0.001"])
    func anAcquireTimeoutOutOfRangeIs400(timeout: String) async throws {
        try await withRouter(saturatedServer()) { client in
            let response = try await client.post("/v1/acquire", #"{"endpoint":"/v1/orders/open","method":"DELETE","timeout":\#(timeout)}"#)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("timeout: must be a number of seconds in [0, 3600]"))
        }
    }

    // Regression: `interval_ms=9223372036854775807` overflowed `.milliseconds(ms)`.
    @Test(arguments: ["9223372036854775807", "1e300", "nan", "10", "60001", "abc", ""])
    func aStreamIntervalOutOfRangeIs400(interval: String) async throws {
        try await withRouter { client in
            let response = try await client.execute(uri: "/v1/status/stream?interval_ms=\(interval)", method: .get)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("interval_ms: must be a number of milliseconds in [50, 60000]"))
        }
    }

    @Test(arguments: ["1e300", "0", "-5", "86401"])
    func anEmergencyDurationOutOfRangeIs400(duration: String) async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/control/emergency", #"{"enabled":true,"duration_s":\#(duration)}"#, token: "secret")
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("duration_s: must be a number of seconds in (0, 86400]"))
        }
    }

    @Test func aReportStatusTooLargeForAnIntIs400() async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":1e300}"#)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("status"))
        }
    }

    @Test func streamsPastTheCapAre503AndShutdownEndsTheOpenOnes() async throws {
        let server = SidecarServer(runtime: LimiterRuntime(configuration: .init(), environment: [:]), token: nil,
                                   configuration: .init(maxStreams: 1))
        let clock = ManualClock()
        let feed = LimiterStatusFeed(label: "t", clock: clock, interval: .seconds(1)) { server.runtime.status() }
        let open = try server.streams.subscribe(feed)
        try await withRouter(server) { client in
            let refused = try await client.execute(uri: "/v1/status/stream", method: .get)
            #expect(refused.status == .serviceUnavailable)
            #expect(String(buffer: refused.body).contains("too many status streams open (limit 1)"))
        }
        server.shutDown()
        var frames = 0
        for await _ in open { frames += 1 }   // ends: shutdown finished the subscription
        #expect(frames <= 2)
        #expect(throws: SidecarRequestError(status: .serviceUnavailable, "shutting down")) { try server.streams.subscribe(feed) }
        #expect(server.streams.count == 0)
    }
}
