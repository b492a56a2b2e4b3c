import CoreMetrics
import Prometheus
import UpbitRateLimit

/// swift-metrics into a swift-prometheus registry, with the help texts and the wait
/// histogram's buckets of ``UpbitRateLimit/LimiterMetric``: the one metrics path. The
/// limiter and the runtime record through swift-metrics; `GET /metrics` emits the registry.
///
/// ```swift
/// LimiterMetricsFactory.bootstrap()   // once per process, before any limiter is made
/// let server = SidecarServer(runtime: runtime, token: token)   // serves LimiterMetricsFactory.processRegistry
/// ```
///
/// A `PrometheusMetricsFactory` emits no `# HELP` lines (`promtool check metrics` asks for
/// them), so the handlers come from the registry's `make…(help:)` calls instead; destroying
/// goes through `PrometheusMetricsFactory`.
public struct LimiterMetricsFactory: MetricsFactory {
    /// Where the series live.
    public let registry: PrometheusCollectorRegistry
    private let base: PrometheusMetricsFactory
    private let help: [String: String]
    private let waitBuckets: [Duration]

    /// A factory over `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        base = PrometheusMetricsFactory(registry: registry)
        help = Dictionary(LimiterMetric.all.map { ($0.name, $0.help) }, uniquingKeysWith: { a, _ in a })
        waitBuckets = LimiterMetric.waitBuckets.map { .nanoseconds(Int64(($0 * 1e9).rounded())) }
    }

    /// The registry ``bootstrap()`` installs, and the one a ``SidecarServer`` serves by default.
    public static let processRegistry = PrometheusCollectorRegistry()

    /// Installs a factory over ``processRegistry`` as the process's swift-metrics backend.
    /// Call it once, before the first limiter is made (instruments are created with their limiter).
    public static func bootstrap() {
        MetricsSystem.bootstrap(LimiterMetricsFactory(registry: processRegistry))
    }

    private func helpText(_ label: String) -> String { help[label] ?? "" }

    /// The registry's counter `label`, with its help text.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: helpText(label))
    }

    /// The registry's counter `label`, with its help text.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: helpText(label))
    }

    /// A gauge with its help text (aggregating recorders: a value histogram).
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(name: label, labels: dimensions, help: helpText(label)) }
        return base.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    /// The registry's gauge `label`, with its help text.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(name: label, labels: dimensions, help: helpText(label))
    }

    /// A duration histogram with its help text; the wait histogram gets ``LimiterMetric/waitBuckets``.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = label == LimiterMetric.wait.name ? waitBuckets : base.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(name: label, labels: dimensions, buckets: buckets, help: helpText(label))
    }

    /// Unregisters the handler (as `PrometheusMetricsFactory` does).
    public func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }
    /// Unregisters the handler.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        base.destroyFloatingPointCounter(handler)
    }
    /// Unregisters the handler.
    public func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }
    /// Unregisters the handler.
    public func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }
    /// Unregisters the handler.
    public func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
