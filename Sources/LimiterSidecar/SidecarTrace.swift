import HTTPTypes
import Tracing
import UpbitRateLimit

/// The trace a sidecar request belongs to: its W3C `traceparent` header (checked) and the context the
/// limiter's spans are made in.
///
/// Without a `traceparent` nothing is read or bound: the limiter's spans (when a tracer is configured)
/// start new traces. With one, the tracer extracts its own parent from the headers (swift-otel reads
/// `traceparent` and `tracestate`), and the parsed value is kept in the context as
/// `ServiceContext.traceParent` and names the request when it has no correlation id.
struct SidecarTrace {
    /// The caller's `traceparent`, when it sent one.
    let parent: TraceParent?
    /// The context to make the request's spans in (nil: the current one).
    let context: ServiceContext?

    /// The trace of a request with these headers; 400 naming `traceparent` when it is malformed.
    init(_ fields: HTTPFields, tracer: (any Tracer)?) throws(SidecarRequestError) {
        guard let header = fields[.traceparent] else {
            parent = nil
            context = nil
            return
        }
        let parent = try SidecarRequestError.checked { () throws(InputError) in try TraceParent.parse(header) }
        var context = ServiceContext.current ?? .topLevel
        context.traceParent = parent
        tracer?.extract(fields, into: &context, using: HTTPFieldsExtractor())
        self.parent = parent
        self.context = context
    }

    /// The request's correlation id: the body's `correlation_id`, else `X-Correlation-ID`, else the trace id.
    func correlationID(_ body: String?, _ fields: HTTPFields) -> String? {
        body ?? fields[.correlationID] ?? parent?.traceID
    }

    /// `body` in the request's trace context.
    func run<T>(_ body: () throws -> T) rethrows -> T {
        guard let context else { return try body() }
        return try ServiceContext.withValue(context, operation: body)
    }

    /// `body` in the request's trace context.
    func run<T>(_ body: () async throws -> T) async rethrows -> T {
        guard let context else { return try await body() }
        return try await ServiceContext.withValue(context, operation: body)
    }
}

/// Reads trace headers for a tracer's `extract`.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from fields: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { fields[$0] }
    }
}
