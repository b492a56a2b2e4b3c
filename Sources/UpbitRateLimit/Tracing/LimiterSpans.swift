import Tracing

/// The spans the limiter makes when ``RateLimiterConfiguration/tracer`` is set (docs/OBSERVABILITY.md):
/// `upbit.acquire` around every acquire (and every granted `tryAcquire`), `upbit.wait` around the
/// time a caller spends queued, `upbit.report` around every report. Each is a child of the task's
/// current `ServiceContext` (the sidecar sets it from the request's `traceparent`). With a shared
/// store, `upbit.store` covers the time the store took to count a local grant account-wide.
enum LimiterSpans {
    static let acquire = "upbit.acquire"
    static let store = "upbit.store"
    static let wait = "upbit.wait"
    static let report = "upbit.report"

    /// The attributes every limiter span carries.
    static func describe(_ span: any Span, group: GroupID, correlationID: String?) {
        span.attributes["upbit.group"] = group.rawValue
        if let correlationID { span.attributes["upbit.correlation_id"] = correlationID }
        if let parent = ServiceContext.current?.traceParent { span.attributes["upbit.traceparent"] = parent.description }
    }

    /// The request's method and path (without a query string), when known.
    static func describe(_ span: any Span, _ request: (endpoint: String, method: String)?) {
        guard let request else { return }
        span.attributes["http.request.method"] = request.method
        span.attributes["url.path"] = String(request.endpoint.prefix { $0 != "?" })
    }

    /// Ends `span` with what `permit` says of the grant.
    static func granted(_ span: any Span, _ permit: Permit) {
        span.attributes["upbit.wait_ms"] = Double(permit.waitedNanos) / 1e6
        span.attributes["upbit.leased"] = permit.reportBy != nil
    }
}

extension RateLimiter {
    /// `acquire` inside an `upbit.acquire` span (a failure is recorded on it), or just `acquire` without a tracer.
    func traced(group: GroupID, request: (endpoint: String, method: String)?, correlationID: String?,
                _ acquire: () async throws -> Permit) async throws -> Permit {
        guard let tracer = configuration.tracer else { return try await acquire() }
        return try await tracer.withSpan(LimiterSpans.acquire) { span in
            LimiterSpans.describe(span, group: group, correlationID: correlationID)
            LimiterSpans.describe(span, request)
            let permit = try await acquire()
            LimiterSpans.granted(span, permit)
            return permit
        }
    }

    /// When a traced `tryAcquire` starts (nil without a tracer: no clock read).
    var spanStart: DefaultTracerClock.Instant? { configuration.tracer == nil ? nil : DefaultTracerClock.now }

    /// A `tryAcquire` that granted `permit`: an `upbit.acquire` span from `start` to now (none without a
    /// tracer, none for a refusal — the caller goes on to wait, in a span of its own).
    func tracedGrant(_ permit: Permit?, since start: DefaultTracerClock.Instant?,
                     request: (endpoint: String, method: String)?) {
        guard let tracer = configuration.tracer, let start, let permit else { return }
        let span = tracer.startSpan(LimiterSpans.acquire, at: start)
        LimiterSpans.describe(span, group: permit.group, correlationID: permit.correlationID)
        LimiterSpans.describe(span, request)
        LimiterSpans.granted(span, permit)
        span.end()
    }
}
