import Logging
import ServiceLifecycle
import Tracing
#if OTLP
import OTel
#endif

/// The OTLP/HTTP span exporter: swift-otel, compiled in only with the package trait `OTLP`
/// (`swift build -c release --traits OTLP`). It brings swift-protobuf and swift-otel's generated OTLP
/// code, so the default build — and every CI run — leaves it out (docs/OBSERVABILITY.md).
public enum OTLPTracing {
    /// Whether this build has the exporter.
    public static var isBuiltIn: Bool {
        #if OTLP
        true
        #else
        false
        #endif
    }

    /// A tracer whose spans are batched and POSTed (protobuf) to `endpoint`, and the service that
    /// exports them: run it beside the others; a graceful shutdown flushes what is batched.
    ///
    /// `scheduleDelay` is the longest a finished span waits before its batch is sent.
    /// Throws ``OTLPTracingError`` without the exporter in the build or when swift-otel refuses
    /// its configuration (say an `OTEL_EXPORTER_OTLP_PROTOCOL` of `grpc`, which is not built in).
    public static func make(_ endpoint: OTLPEndpoint, serviceName: String = "upbit-limiter",
                            scheduleDelay: Duration = .seconds(1),
                            logger: Logger = Logger(label: "upbit.otlp")) throws(OTLPTracingError) -> (tracer: any Tracer, service: any Service) {
        #if OTLP
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.diagnosticLogger = .custom(logger)
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.endpoint = endpoint.tracesURL
        configuration.traces.batchSpanProcessor.scheduleDelay = scheduleDelay
        do {
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            return (backend.factory, backend.service)
        } catch {
            throw OTLPTracingError("\(endpoint.input): the OTLP exporter refused its configuration: \(error)")
        }
        #else
        throw OTLPTracingError("\(endpoint.input): this build has no OTLP exporter; build with "
            + "`swift build -c release --traits OTLP` (docs/OBSERVABILITY.md)")
        #endif
    }
}
