#if OTLP
import Hummingbird
import LimiterTelemetry
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing
import Tracing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The OTLP/HTTP exporter (built with `--traits OTLP`) against a tiny local collector on loopback.
@Suite struct OTLPExportTests {
    /// Accepts `POST /v1/traces` and keeps each body (OTLP protobuf).
    final class Collector: Sendable {
        let bodies = Mutex<[[UInt8]]>([])

        func start() async throws -> (port: Int, task: Task<Void, any Error>) {
            let router = Router()
            router.post("/v1/traces") { request, _ -> HTTPResponse.Status in
                let body = try await request.body.collect(upTo: 1 << 20)
                self.bodies.withLock { $0.append(Array(body.readableBytesView)) }
                return .ok
            }
            return try await startLoopbackServer(router)
        }
    }

    @Test func anAcquireSpanReachesTheCollectorInTheCallersTrace() async throws {
        let collector = Collector()
        let (port, server) = try await collector.start()
        defer { server.cancel() }
        let endpoint = try #require(try OTLPEndpoint.resolve(flag: "http://127.0.0.1:\(port)", environment: [:]))
        let exporter = try OTLPTracing.make(endpoint, scheduleDelay: .milliseconds(20))
        let limiter = RateLimiter(configuration: .init(tracer: exporter.tracer))
        let exporting = Task { try await exporter.service.run() }
        defer { exporting.cancel() }

        // A caller's traceparent, extracted by swift-otel's W3C propagator.
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        var context = ServiceContext.topLevel
        exporter.tracer.extract(["traceparent": "00-\(traceID)-00f067aa0ba902b7-01"], into: &context,
                                using: DictionaryExtractor())
        _ = try await ServiceContext.withValue(context) { try await limiter.acquire(group: .ticker, correlationID: "otlp-1") }

        // Bounded: the batch goes out after 20 ms; give up after 10,000 polls (the test then fails).
        for _ in 0..<10_000 where collector.bodies.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(1)) }
        let body = try #require(collector.bodies.withLock { $0.first })
        #expect(body.contains(bytes: Array("upbit.acquire".utf8)))
        #expect(body.contains(bytes: Array("otlp-1".utf8)))
        #expect(body.contains(bytes: Self.bytes(hex: traceID)))
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8).map { $0 <= 57 ? $0 - 48 : $0 - 87 }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}


extension [UInt8] {
    /// Whether `bytes` occur in a row.
    func contains(bytes: [UInt8]) -> Bool {
        guard bytes.count <= count else { return false }
        return (0...(count - bytes.count)).contains { self[$0..<($0 + bytes.count)].elementsEqual(bytes) }
    }
}
#endif
