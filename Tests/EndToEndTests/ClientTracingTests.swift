import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import InMemoryTracing
import NIOCore
import Synchronization
import Testing
import Tracing
import UpbitHTTPClient
import UpbitRateLimit
import UpbitRateLimitTestKit

/// `UpbitClient` carries the caller's trace: its gate's spans and the request's `traceparent`.
@Suite struct ClientTracingTests {
    /// Answers `GET /v1/ticker` with `[]` and keeps every `traceparent` it receives.
    final class Exchange: Sendable {
        let traceparents = Mutex<[String?]>([])

        func start() async throws -> (port: Int, task: Task<Void, any Error>) {
            let router = Router()
            router.get("/v1/ticker") { request, _ -> Response in
                self.traceparents.withLock { $0.append(request.headers[HTTPField.Name("traceparent")!]) }
                return Response(status: .ok, headers: [.contentType: "application/json", HTTPField.Name("Remaining-Req")!: "group=ticker; min=600; sec=9"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "[]")))
            }
            return try await startLoopbackServer(router)
        }
    }

    @Test func theRequestCarriesTheCallersTraceAndTheGateSpansJoinIt() async throws {
        let exchange = Exchange()
        let (port, server) = try await exchange.start()
        defer { server.cancel() }
        let tracer = TraceContextTracer()
        var http = HTTPClient.Configuration()
        http.tracing.tracer = tracer
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        let limiter = RateLimiter(configuration: .init(tracer: tracer))
        let client = UpbitClient(gate: limiter, configuration: .init(baseURL: "http://127.0.0.1:\(port)"), httpClient: httpClient)

        let (response, bot) = try await withTracer(tracer) {
            try await tracer.withSpan("bot.poll") { span in (try await client.get("/v1/ticker"), span.spanContext) }
        }
        try await httpClient.shutdown()
        #expect(response.status == 200)

        let spans = tracer.finishedSpans
        let send = try #require(spans.first { $0.operationName == "upbit.send" })
        #expect(send.traceID == bot.traceID && send.parentSpanID == bot.spanID)
        #expect(send.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        let acquire = try #require(spans.first { $0.operationName == "upbit.acquire" })
        let report = try #require(spans.first { $0.operationName == "upbit.report" })
        #expect(acquire.parentSpanID == send.spanID && report.parentSpanID == send.spanID)
        #expect(report.attributes["upbit.remaining_sec"]?.toSpanAttribute() == 9)
        // The exchange saw one traceparent: the caller's trace, parented by the HTTP client's span under upbit.send.
        let received = try #require(exchange.traceparents.withLock { $0 }.only ?? nil)
        let parent = try TraceParent.parse(received)
        #expect(parent.traceID == bot.traceID)
        let request = try #require(spans.first { $0.spanID == parent.parentID })
        #expect(request.parentSpanID == send.spanID && request.kind == .client)
    }
}
