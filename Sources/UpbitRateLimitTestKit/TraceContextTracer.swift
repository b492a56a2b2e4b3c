import InMemoryTracing
import Synchronization
import Tracing
import UpbitRateLimit

/// An in-memory tracer that propagates W3C `traceparent` as an OTLP tracer does: for tests that a
/// request's trace id reaches the limiter's spans and the outgoing headers.
///
/// Spans are recorded by swift-distributed-tracing's `InMemoryTracer` (``finishedSpans``) with W3C-shaped
/// ids (32 and 16 lowercase hex digits, counting up). `extract` reads `traceparent` through the
/// limiter's own checked parser (``UpbitRateLimit/TraceParent``); `inject` writes the current span's.
public struct TraceContextTracer: Tracer {
    /// The recorder of every span.
    public let recorder: InMemoryTracer

    /// A tracer with its own recorder.
    public init() {
        let next = Mutex<UInt64>(0)
        let count: @Sendable () -> UInt64 = { next.withLock { $0 += 1; return $0 } }
        recorder = InMemoryTracer(idGenerator: .init(
            nextTraceID: { Self.hex(count(), digits: 32) },
            nextSpanID: { Self.hex(count(), digits: 16) }))
    }

    /// The spans ended so far, oldest first.
    public var finishedSpans: [FinishedInMemorySpan] { recorder.finishedSpans }

    /// Starts a span in the recorder (a child of the context's span or extracted parent).
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function,
                           file: fileID, line: line)
    }

    /// Makes the carrier's `traceparent` (when valid) the parent of the spans started in `context`.
    public func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext,
                                                     using extractor: Extract) where Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: TraceParent.headerName, from: carrier),
              let parent = try? TraceParent.parse(header) else { return }
        context.inMemorySpanContext = InMemorySpanContext(traceID: parent.traceID, spanID: parent.parentID,
                                                          parentSpanID: nil)
    }

    /// Writes the context's span as `traceparent` (sampled).
    public func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier,
                                                  using injector: Inject) where Inject.Carrier == Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: TraceParent.headerName, into: &carrier)
    }

    /// Flushes the recorder.
    public func forceFlush() { recorder.forceFlush() }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}
