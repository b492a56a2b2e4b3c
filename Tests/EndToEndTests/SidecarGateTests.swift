import ExchangeSimulation
import Foundation
import InMemoryTracing
import LimiterBenchmarks
import LimiterSidecar
import Testing
import Tracing
import UpbitHTTPClient
import UpbitRateLimit
import UpbitRateLimitTestKit

/// `UpbitClient` over a real sidecar on loopback (``SidecarGate``), against the strict emulator.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SidecarGateTests {
    /// A client of `harness` through `gate`; answers may take 30 s (a loaded CI host must not turn into transport errors).
    private func client(_ gate: SidecarGate, _ harness: EmulatorHarness, acquireTimeout: Duration? = nil) -> UpbitClient {
        UpbitClient(gate: gate, configuration: .init(baseURL: harness.baseURL, signer: UpbitSigner(accessKey: "bot-1", secretKey: "s"),
                                                     requestTimeout: .seconds(30), acquireTimeout: acquireTimeout,
                                                     retriesAfter429: 0))
    }

    @Test(arguments: [false, true])
    func saturatingThroughTheSidecarEarnsNoRefusalAndClosesEveryLease(overUnixSocket: Bool) async throws {
        let exchange = try await EmulatorHarness.start()
        let sidecar = try await SidecarHarness.start(SidecarServer(runtime: LimiterRuntime(environment: [:]), token: nil),
                                                     socket: overUnixSocket)
        let address: SidecarGate.Configuration.Address = overUnixSocket ? .unixSocket(sidecar.socketPath ?? "") : .http(sidecar.baseURL)
        let gate = try SidecarGate(configuration: .init(address: address))
        let results = await ExchangeSaturationBenchmark(client: client(gate, exchange), duration: .seconds(3), concurrency: 8)
            .run([ExchangeSaturationBenchmark.standardTargets[0], ExchangeSaturationBenchmark.standardTargets[1]])
        for result in results {
            #expect(result.tooMany429 == 0 && result.blocked418 == 0 && result.accepted > 0, "\(result)")
        }
        #expect(exchange.refusals == (0, 0))
        // Every answer was reported by permit: no lease is left open.
        #expect(sidecar.openLeases(.ticker).isEmpty && sidecar.openLeases(.order).isEmpty)
        let granted = sidecar.server.runtime.limiter.status().group(.order)?.grantedTotal ?? 0
        #expect(granted >= UInt64(results[1].accepted), "every accepted order went through the sidecar")
        try await gate.shutdown()
        await sidecar.stop()
        exchange.stop()
    }

    @Test func aStoppedSidecarIsAClearError() async throws {
        let exchange = try await EmulatorHarness.start()
        defer { exchange.stop() }
        let gate = try SidecarGate(configuration: .init(address: .http("http://127.0.0.1:1")))
        let error = await #expect(throws: SidecarGateError.self) { try await client(gate, exchange).get("/v1/ticker") }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("sidecar at http://127.0.0.1:1 unreachable") == true, "\(String(describing: error))")
        #expect(exchange.emulator.exchange.stats().values.reduce(0) { $0 + $1.accepted } == 0, "nothing was sent")
        try await gate.shutdown()
    }

    @Test func refusalsAreTheEmbeddedLimitersAndATokenIsNeededWhenSet() async throws {
        let exchange = try await EmulatorHarness.start()
        let sidecar = try await SidecarHarness.start(SidecarHarness.oneAnHour(botToken: "bot-secret"))
        let gate = try SidecarGate(configuration: .init(address: .http(sidecar.baseURL), token: "bot-secret"))
        let cancelAll = UpbitRequest(method: "DELETE", path: "/v1/orders/open")
        let api = client(gate, exchange, acquireTimeout: .zero)
        _ = try await api.send(cancelAll)
        // The hour's slot is taken: the sidecar's refusal is the limiter's own error.
        let refusal = await #expect(throws: RateLimitError.self) { try await api.send(cancelAll) }
        #expect(refusal?.code == .timeout && refusal?.group == .orderCancelAll)

        let anonymous = try SidecarGate(configuration: .init(address: .http(sidecar.baseURL)))
        let unauthorised = await #expect(throws: SidecarGateError.self) { try await client(anonymous, exchange).send(cancelAll) }
        #expect(unauthorised?.code == .unauthorized)
        try await anonymous.shutdown()
        try await gate.shutdown()
        await sidecar.stop()
        exchange.stop()
    }

    @Test func anUnsentRequestIsReleasedAndALostAnswerKeepsItsSlot() async throws {
        let exchange = try await EmulatorHarness.start()
        let sidecar = try await SidecarHarness.start(SidecarHarness.oneAnHour())
        let gate = try SidecarGate(configuration: .init(address: .http(sidecar.baseURL)))
        let cancelAll = UpbitRequest(method: "DELETE", path: "/v1/orders/open")
        // Never sent (no URL can be made): released, so the hour's only slot is free again.
        let unsendable = UpbitClient(gate: gate, configuration: .init(baseURL: "http://exa mple", acquireTimeout: .zero))
        let invalid = await #expect(throws: UpbitClientError.self) { try await unsendable.send(cancelAll) }
        #expect(invalid?.code == .invalidURL)
        #expect(sidecar.openLeases(.orderCancelAll).isEmpty)
        // Sent, no answer (nothing listens): reported as status 0, so the slot stays counted until the lease's bound.
        let unanswered = UpbitClient(gate: gate, configuration: .init(baseURL: "http://127.0.0.1:1", signer: UpbitSigner(accessKey: "k", secretKey: "s"),
                                                                      acquireTimeout: .zero))
        let lost = await #expect(throws: UpbitClientError.self) { try await unanswered.send(cancelAll) }
        #expect(lost?.code == .transport)
        #expect(sidecar.openLeases(.orderCancelAll).count == 1)
        let refusal = await #expect(throws: RateLimitError.self) { try await client(gate, exchange, acquireTimeout: .zero).send(cancelAll) }
        #expect(refusal?.code == .timeout)
        try await gate.shutdown()
        await sidecar.stop()
        exchange.stop()
    }

    /// The caller's trace reaches the sidecar: its acquire and report spans belong to the bot's trace.
    @Test func theCallersTraceReachesTheSidecar() async throws {
        let tracer = TraceContextTracer()
        let exchange = try await EmulatorHarness.start()
        let sidecar = try await SidecarHarness.start(SidecarServer(
            runtime: LimiterRuntime(configuration: .init(limiter: .init(tracer: tracer)), environment: [:]), token: nil))
        let gate = try SidecarGate(configuration: .init(address: .http(sidecar.baseURL), tracing: .tracer(tracer)))
        let bot = try await withTracer(tracer) {
            try await tracer.withSpan("bot.poll") { span in
                _ = try await client(gate, exchange).get("/v1/ticker")
                return span.spanContext
            }
        }
        try await gate.shutdown()
        await sidecar.stop()
        exchange.stop()
        let spans = tracer.finishedSpans
        let acquire = try #require(spans.first { $0.operationName == "upbit.acquire" && $0.traceID == bot.traceID })
        let parent = try #require(spans.first { $0.spanID == acquire.parentSpanID }, "the gate's client span")
        #expect(parent.kind == .client)
        #expect(spans.contains { $0.operationName == "upbit.report" && $0.traceID == bot.traceID })
    }

    @Test func unusableAddressesAreRefused() {
        for address: SidecarGate.Configuration.Address in [.http("ftp://127.0.0.1:1"), .http("127.0.0.1:8089"), .http("http://h:1/v1?x"),
                                                           .unixSocket(""), .unixSocket("/" + String(repeating: "s", count: 200))] {
            #expect(throws: SidecarGateError.self, "\(address)") { try SidecarGate(configuration: .init(address: address)) }
        }
    }
}
