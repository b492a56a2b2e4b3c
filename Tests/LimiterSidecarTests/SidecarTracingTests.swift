import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
@testable import LimiterSidecar
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// A request's `traceparent` (and correlation id) reaches the limiter's spans, on the pipeline's fast path
/// and through the router; a malformed one is refused naming the header.
@Suite struct SidecarTracingTests {
    static let traceID = "0af7651916cd43dd8448eb211c80319c"
    static let parentID = "b7ad6b7169203331"
    static let traceparent = "00-\(traceID)-\(parentID)-01"
    let tracer = TraceContextTracer()

    /// A sidecar whose `order-cancel-all` group allows one request an hour (a second one must wait, however slow the machine).
    func server() -> SidecarServer {
        var table = LimitTable.preset(.korea)
        if let i = table.groups.firstIndex(where: { $0.name == .orderCancelAll }) {
            table.groups[i].windows = [LimitWindow(limit: 1, seconds: 3_600)]
        }
        return SidecarServer(runtime: LimiterRuntime(configuration: .init(limiter: .init(limits: table, tracer: tracer)),
                                                     environment: [:]), token: "secret")
    }

    func spans(_ name: String) -> [FinishedInMemorySpan] { tracer.finishedSpans.filter { $0.operationName == name } }

    func post(_ client: any TestClientProtocol, _ uri: String, _ json: String,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    @Test func theFastPathGrantsAndReportsInTheCallersTrace() throws {
        let channel = EmbeddedChannel()
        channel.remoteAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 50_000)
        try channel.pipeline.syncOperations.addHandler(
            SidecarFastPathHandler(routes: server().fastRoutes, bodyLimit: 16 * 1024, serverName: "upbit-limiter"))
        for (path, body) in [("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#),
                             ("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":200}"#)] {
            var head = HTTPRequest(method: .post, scheme: "http", authority: "x", path: path)
            head.headerFields[.traceparent] = Self.traceparent
            try channel.writeInbound(HTTPRequestPart.head(head))
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: body)))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            guard case .head(let answer)? = try channel.readOutbound(as: HTTPResponsePart.self) else {
                Issue.record("no answer on the fast path for \(path)")
                return
            }
            #expect(answer.status.code < 300)
            while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
        }
        let acquire = try #require(spans("upbit.acquire").only)
        let report = try #require(spans("upbit.report").only)
        for span in [acquire, report] {
            #expect(span.traceID == Self.traceID && span.parentSpanID == Self.parentID)
            // No correlation id was sent: the trace id names the request.
            #expect(span.attributes["upbit.correlation_id"]?.toSpanAttribute() == .string(Self.traceID))
        }
    }

    @Test func aQueuedAcquireWaitsInTheCallersTrace() async throws {
        let server = server()
        while server.runtime.limiter.tryAcquire(group: .orderCancelAll) != nil {}
        try await Application(router: server.router()).test(.live) { client in
            let response = try await post(client, "/v1/acquire", #"{"endpoint":"/v1/orders/open","method":"DELETE","timeout":0.05}"#,
                                          headers: [.traceparent: Self.traceparent, HTTPField.Name("X-Correlation-ID")!: "bot-3"])
            #expect(response.status == .gatewayTimeout)
        }
        let acquire = try #require(spans("upbit.acquire").last)
        let wait = try #require(spans("upbit.wait").only)
        #expect(acquire.traceID == Self.traceID && acquire.parentSpanID == Self.parentID)
        #expect(wait.traceID == Self.traceID && wait.parentSpanID == acquire.spanID)
        #expect(acquire.attributes["upbit.correlation_id"]?.toSpanAttribute() == "bot-3")
        #expect(acquire.errors.count == 1 && wait.errors.count == 1)
    }

    @Test func aMalformedTraceparentIsRefusedNamingIt() async throws {
        try await Application(router: server().router()).test(.live) { client in
            for path in ["/v1/acquire", "/v1/report"] {
                let response = try await post(client, path, #"{"endpoint":"/v1/ticker","method":"GET","status":200}"#,
                                              headers: [.traceparent: "00-\(Self.traceID)-0000000000000000-01"])
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("traceparent: must be a W3C traceparent"))
            }
        }
        #expect(tracer.finishedSpans.isEmpty)
    }

    @Test func withoutATracerTheTraceIdStillNamesTheRequest() async throws {
        let server = makeServer()
        try await Application(router: server.router()).test(.live) { client in
            let response = try await post(client, "/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":429}"#,
                                          headers: [.traceparent: Self.traceparent])
            #expect(response.status == .noContent)
        }
        let events = server.runtime.status(source: "test").events
        #expect(events.contains { $0.correlationID == Self.traceID })
    }

    /// Control calls read `traceparent` too: its trace id names the action; a malformed one is 400.
    @Test func aControlCallIsNamedByItsTrace() async throws {
        let server = makeServer()
        try await Application(router: server.router()).test(.live) { client in
            let bearer: HTTPFields = [.authorization: "Bearer secret"]
            var good = bearer, bad = bearer
            good[.traceparent] = Self.traceparent
            bad[.traceparent] = "00-\(Self.traceID)-0000000000000000-01"
            let refused = try await post(client, "/v1/control/emergency", #"{"enabled":true}"#, headers: bad)
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("traceparent: must be a W3C traceparent"))
            #expect(!server.runtime.status(source: "test").emergency.active, "a refused call changes nothing")
            let on = try await post(client, "/v1/control/emergency", #"{"enabled":true}"#, headers: good)
            #expect(on.status == .ok)
        }
        let frame = server.runtime.status(source: "test")
        #expect(frame.emergency.active)
        #expect(frame.events.contains { $0.correlationID == Self.traceID })
    }
}
