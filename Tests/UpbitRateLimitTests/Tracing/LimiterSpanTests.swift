import InMemoryTracing
import Testing
import Tracing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// The limiter's spans (`upbit.acquire`, `upbit.wait`, `upbit.report`) under a caller's `traceparent`.
@Suite struct LimiterSpanTests {
    static let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    let clock = ManualClock()
    let tracer = TraceContextTracer()

    func limiter() -> RateLimiter { RateLimiter(configuration: .init(tracer: tracer), clock: clock) }

    /// The context a sidecar request with `traceparent: incoming` runs in.
    func requestContext() throws -> ServiceContext {
        var context = ServiceContext.topLevel
        context.traceParent = try TraceParent.parse(Self.incoming)
        tracer.extract(["traceparent": Self.incoming], into: &context, using: DictionaryExtractor())
        return context
    }

    func spans(_ name: String) -> [FinishedInMemorySpan] { tracer.finishedSpans.filter { $0.operationName == name } }

    @Test func aGrantIsAnAcquireSpanInTheCallersTrace() async throws {
        let limiter = limiter()
        let permit = try await ServiceContext.withValue(try requestContext()) {
            try await limiter.acquire(endpoint: "/v1/ticker?markets=KRW-BTC", method: "GET", correlationID: "bot-7")
        }
        let acquire = try #require(spans("upbit.acquire").only)
        #expect(acquire.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(acquire.parentSpanID == "00f067aa0ba902b7")
        #expect(acquire.attributes["upbit.group"]?.toSpanAttribute() == "ticker")
        #expect(acquire.attributes["upbit.correlation_id"]?.toSpanAttribute() == "bot-7")
        #expect(acquire.attributes["url.path"]?.toSpanAttribute() == "/v1/ticker")
        #expect(acquire.attributes["upbit.traceparent"]?.toSpanAttribute() == .string(Self.incoming))
        #expect(acquire.attributes["upbit.wait_ms"]?.toSpanAttribute() == .double(Double(permit.waitedNanos) / 1e6))
        #expect(spans("upbit.wait").isEmpty, "a free slot is granted without queueing")
    }

    @Test func aQueuedCallerWaitsInAChildSpan() async throws {
        let limiter = limiter()
        var granted = 0
        while limiter.tryAcquire(group: .order) != nil { granted += 1 }
        let context = try requestContext(), expected = granted + 1
        let waiting = Task { try await ServiceContext.withValue(context) { try await limiter.acquire(group: .order) } }
        await clock.run(until: { spans("upbit.acquire").count == expected })
        let permit = try await waiting.value
        #expect(permit.waitedNanos > 0)
        let acquire = try #require(spans("upbit.acquire").last)
        let wait = try #require(spans("upbit.wait").only)
        #expect(acquire.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && wait.traceID == acquire.traceID)
        #expect(wait.parentSpanID == acquire.spanID)
        #expect(wait.attributes["upbit.group"]?.toSpanAttribute() == "order")
        #expect(wait.errors.isEmpty && acquire.errors.isEmpty)
        // The tryAcquire grants that filled the window are spans too, each a root (no context).
        #expect(spans("upbit.acquire").dropLast().allSatisfy { $0.parentSpanID == nil && $0.traceID != wait.traceID })
    }

    @Test func aTimeoutIsRecordedOnBothSpans() async throws {
        let limiter = limiter()
        _ = limiter.tryAcquire(group: .orderCancelAll)
        let waiting = Task {
            try await ServiceContext.withValue(try requestContext()) {
                try await limiter.acquire(group: .orderCancelAll, timeout: .milliseconds(100))
            }
        }
        await clock.run(until: { spans("upbit.acquire").count == 2 })
        await #expect(throws: RateLimitError.timeout(.orderCancelAll)) { try await waiting.value }
        let wait = try #require(spans("upbit.wait").only)
        let acquire = try #require(spans("upbit.acquire").last)
        #expect(wait.errors.count == 1 && acquire.errors.count == 1)
        #expect(acquire.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func aReportIsASpanAndA429MarksItAnError() throws {
        let limiter = limiter()
        try ServiceContext.withValue(try requestContext()) {
            limiter.report(endpoint: "/v1/orders", method: "POST", status: 200, remainingReq: "group=order; min=1000; sec=7",
                           correlationID: "bot-7")
            limiter.report(endpoint: "/v1/orders", method: "POST", status: 429, correlationID: "bot-7")
        }
        let reports = spans("upbit.report")
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && $0.parentSpanID == "00f067aa0ba902b7" })
        #expect(reports[0].attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        #expect(reports[0].attributes["upbit.remaining_sec"]?.toSpanAttribute() == 7)
        #expect(reports[0].status == nil)
        #expect(reports[1].status?.code == .error)
        #expect(reports[1].attributes["upbit.correlation_id"]?.toSpanAttribute() == "bot-7")
    }

    @Test func withoutATracerNothingIsRecordedAndARefusalMakesNoSpan() async throws {
        let quiet = RateLimiter(clock: clock)
        _ = try await quiet.acquire(group: .ticker)
        quiet.report(group: .ticker, status: 200)
        let traced = limiter()
        var granted = 0
        while traced.tryAcquire(group: .order) != nil { granted += 1 }
        #expect(traced.tryAcquire(group: .order) == nil)
        #expect(granted > 0 && spans("upbit.acquire").count == granted)
        #expect(tracer.finishedSpans.allSatisfy { $0.operationName == "upbit.acquire" })
    }

    /// With a shared store, the store's count of a local grant is an `upbit.store` span in the caller's trace,
    /// beside the local `upbit.acquire`; a public group (not shared) makes none.
    @Test func aSharedGrantHasAStoreSpan() async throws {
        let shared = try SharedRateLimiter(limiter: limiter(), store: InMemoryWindowStore(clock: clock), storeName: "memory",
                                           configuration: .init(host: "h1"))
        let permit = try await ServiceContext.withValue(try requestContext()) {
            try await shared.acquire(group: .order, correlationID: "bot-9")
        }
        _ = try await shared.acquire(group: .ticker)
        let store = try #require(spans("upbit.store").only)
        #expect(store.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && store.parentSpanID == "00f067aa0ba902b7")
        #expect(store.attributes["upbit.group"]?.toSpanAttribute() == "order")
        #expect(store.attributes["upbit.correlation_id"]?.toSpanAttribute() == "bot-9")
        #expect(store.attributes["upbit.store"]?.toSpanAttribute() == "memory")
        #expect(store.attributes["upbit.ticket"]?.toSpanAttribute() == "store")
        if case .store = permit.ticket {} else { Issue.record("expected a store ticket, got \(permit.ticket)") }
        #expect(spans("upbit.acquire").count == 2)
    }
}
