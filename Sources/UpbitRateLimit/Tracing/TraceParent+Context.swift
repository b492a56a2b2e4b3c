import Tracing

/// The caller's `traceparent`, kept in the request's `ServiceContext` by the sidecar.
private enum TraceParentKey: ServiceContextKey {
    typealias Value = TraceParent
    static var nameOverride: String? { "upbit-traceparent" }
}

extension ServiceContext {
    /// The W3C `traceparent` the request arrived with (set by the sidecar; nil when none came).
    ///
    /// A tracer that speaks W3C Trace Context (swift-otel) reads the header itself; this copy lets
    /// the limiter name the trace in its events and spans whatever the tracer.
    public var traceParent: TraceParent? {
        get { self[TraceParentKey.self] }
        set { self[TraceParentKey.self] = newValue }
    }
}
