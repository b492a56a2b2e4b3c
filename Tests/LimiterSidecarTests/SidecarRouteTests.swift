import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import LimiterSidecar
import NIOCore
import Testing
import UpbitRateLimit

/// A sidecar over a fresh runtime on the system clock, token "secret".
func makeServer() -> SidecarServer {
    SidecarServer(runtime: LimiterRuntime(configuration: .init(), environment: [:]), token: "secret")
}

/// Runs `body` against the router of `server` on a loopback port (peers are loopback, as for a local bot).
func withRouter(_ server: SidecarServer = makeServer(),
                _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    try await Application(router: server.router()).test(.live, body)
}

extension TestClientProtocol {
    func post(_ uri: String, _ json: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }
}

@Suite struct SidecarRouteTests {
    @Test func healthAndUnknownRoute() async throws {
        try await withRouter { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == "ok")
            let r1 = try await client.execute(uri: "/v1/nope", method: .get)
            #expect(r1.status == .notFound)
        }
    }

    /// Every route's path with another method is 405 with `Allow` (schemathesis' undeclared-method check),
    /// taken from the one route table, so a route added later is covered too.
    @Test func anotherMethodOnEveryRouteIs405() async throws {
        let server = makeServer()
        #expect(server.routes.count == 9)
        try await withRouter(server) { client in
            for route in server.routes {
                let other: HTTPRequest.Method = route.method == .get ? .post : .get
                for method in [other, .put, .delete] {
                    let response = try await client.execute(uri: route.path, method: method)
                    #expect(response.status == .methodNotAllowed, "\(method) \(route.path)")
                    #expect(response.headers[.allow] == route.method.rawValue)
                }
            }
        }
    }

    @Test func acquireGrantsAndNamesTheGroup() async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET","correlation_id":"c1"}"#)
            #expect(response.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            #expect(body?["group"] as? String == "ticker")
            #expect(body?["waited_ms"] != nil)
        }
    }

    @Test(arguments: [
        (#"{"endpoint":"/v1/ticker"}"#, "method"),
        (#"{"endpoint":5,"method":"GET"}"#, "endpoint"),
        (#"{"endpoint":"/v1/ticker","method":"GET","timeout":"soon"}"#, "timeout"),
        ("not json", "JSON"),
    ])
    func badAcquireBodiesNameTheField(body: String, field: String) async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/acquire", body)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains(field))
        }
    }

    /// Bodies the flat scanner leaves to `JSONDecoder` (escapes, unknown members) still decode.
    @Test func escapedBodiesStillGrant() async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/acquire", #"{"endpoint":"\/v1\/ticker","method":"G\u0045T","extra":{"a":[1]}}"#)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains(#""group":"ticker""#))
        }
    }

    @Test(arguments: [(#"{"endpoint":"/v1/ticker","method":"GET","status":"200"}"#, "status"),
                      (#"{"endpoint":"/v1/ticker","method":"GET","status":200,"remaining_req":7}"#, "remaining_req")])
    func badReportBodiesNameTheField(body: String, field: String) async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/report", body)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains(field))
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withRouter { client in
            let big = #"{"endpoint":""# + String(repeating: "a", count: 20_000) + #"","method":"GET"}"#
            let r2 = try await client.post("/v1/acquire", big)
            #expect(r2.status == .contentTooLarge)
        }
    }

    @Test func deadlineOnASaturatedGroupIs504() async throws {
        // One request per hour: the group stays saturated however slowly the test machine runs.
        var configuration = RuntimeConfiguration()
        let i = configuration.limiter.limits.groups.firstIndex { $0.name == .orderCancelAll }!
        configuration.limiter.limits.groups[i].windows = [LimitWindow(limit: 1, seconds: 3_600)]
        let server = SidecarServer(runtime: LimiterRuntime(configuration: configuration, environment: [:]), token: "secret")
        #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) != nil)
        try await withRouter(server) { client in
            let response = try await client.post("/v1/acquire", #"{"endpoint":"/v1/orders/open","method":"DELETE","timeout":0.01}"#)
            #expect(response.status == .gatewayTimeout)
        }
    }

    @Test func blockedAfter418Is503WithRetryAfter() async throws {
        try await withRouter { client in
            let report = try await client.post("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":418}"#)
            #expect(report.status == .noContent)
            let response = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] != nil)
        }
    }

    @Test func reportRejectsAMissingStatus() async throws {
        try await withRouter { client in
            let response = try await client.post("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET"}"#)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("status"))
        }
    }

    @Test func controlNeedsTheToken() async throws {
        try await withRouter { client in
            let r3 = try await client.post("/v1/control/emergency", #"{"enabled":true}"#)
            #expect(r3.status == .unauthorized)
            let r4 = try await client.post("/v1/control/emergency", #"{"enabled":true}"#, token: "wrong")
            #expect(r4.status == .unauthorized)
            let r5 = try await client.post("/v1/control/emergency", #"{"enabled":true,"duration_s":5}"#, token: "secret")
            #expect(r5.status == .ok)
            let r6 = try await client.post("/v1/control/reset-recovery", #"{"group":"ticker"}"#, token: "secret")
            #expect(r6.status == .ok)
            let r7 = try await client.post("/v1/control/reset-recovery", #"{"group":"nope"}"#, token: "secret")
            #expect(r7.status == .badRequest)
            let r8 = try await client.post("/v1/control/emergency", #"{"enabled":"yes"}"#, token: "secret")
            #expect(r8.status == .badRequest)
        }
    }

    @Test func statusDecodesAsAFrame() async throws {
        try await withRouter { client in
            let response = try await client.execute(uri: "/v1/status", method: .get)
            let frame = try JSONDecoder().decode(StatusFrame.self, from: Data(buffer: response.body))
            #expect(frame.group(.ticker) != nil)
        }
    }
}
