import Foundation
import Logging
import Synchronization

/// A ``RateLimiter`` with everything that keeps it observable and safe in production:
/// supervised background tasks, alert rules, metrics and live configuration reload.
///
/// ```swift
/// let runtime = try LimiterRuntime(configuration: .load(file: "limiter.json"), sinks: [webhook])
/// Task { await runtime.run() }          // until cancelled
/// let permit = try await runtime.limiter.acquire(endpoint: "/v1/ticker")
/// for await update in runtime.updates() { … }   // StatusFrames with tasks and alerts
/// ```
///
/// Supervised tasks (see ``Supervisor``): `supervisor` and `watchdog` (which watch each
/// other), `recovery-stepper`, `frame-publisher`, `alert-evaluator`, `metrics-sampler`,
/// `config-watcher` (when there is a file) and `sink:<name>` for each alert sink that
/// delivers in the background. No acquire depends on any of them.
public final class LimiterRuntime: StatusSource, Sendable {
    /// The limiter every caller acquires from.
    public let limiter: RateLimiter
    /// The background tasks' supervisor (fault injection: ``Supervisor/inject(_:into:)``).
    public let supervisor: Supervisor
    /// The alert rules and their lifecycle.
    public let alerts: AlertEngine
    /// The swift-metrics instruments the sampler updates.
    public let metrics: RuntimeMetrics
    /// How viewers name this source.
    public let label: String

    struct Reloading: Sendable {
        var inForce: RuntimeConfiguration
        var drift = false
        var lastError: ConfigurationError?
    }

    let reloading: Mutex<Reloading>
    let environment: [String: String]
    let watcher: ConfigWatcher
    let subscribers = Mutex<[UInt64: AsyncStream<StatusUpdate>.Continuation]>([:])
    let nextSubscriber = Atomic<UInt64>(0)
    let logger: Logger

    /// A runtime with a new limiter built from `configuration.limiter` on `clock`.
    ///
    /// `environment` (the seed's `UPBIT_RATE_LIMIT_*` overrides) is applied again on every reload.
    public convenience init(configuration: RuntimeConfiguration = .init(), clock: any LimiterClock = SystemLimiterClock(),
                            sinks: [any AlertSink] = [], label: String = "embedded",
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger = Logger(label: "upbit.ratelimit")) {
        let limiter = RateLimiter(configuration: configuration.limiter, clock: clock, logger: logger)
        self.init(limiter: limiter, configuration: configuration, sinks: sinks, label: label,
                  environment: environment, logger: logger)
    }

    /// A runtime around `limiter`; `configuration.limiter` should be the limiter's own.
    public init(limiter: RateLimiter, configuration: RuntimeConfiguration = .init(), sinks: [any AlertSink] = [],
                label: String = "embedded", environment: [String: String] = ProcessInfo.processInfo.environment,
                logger: Logger = Logger(label: "upbit.ratelimit")) {
        self.limiter = limiter
        self.label = label
        self.environment = environment
        self.logger = logger
        reloading = Mutex(Reloading(inForce: configuration))
        watcher = ConfigWatcher(paths: Self.watchedPaths(configuration))
        alerts = AlertEngine(rules: configuration.alertRules, sinks: sinks, logger: logger) { alert in
            let kind: LimiterEvent.Kind = alert.state == .resolved
                ? .alertResolved(alert.level, alert.rule) : .alertRaised(alert.level, alert.rule)
            limiter.note(kind, group: alert.group)
        }
        let events = Mutex<(@Sendable (SupervisorEvent) -> Void)?>(nil)
        supervisor = Supervisor(clock: limiter.clock, configuration: configuration.supervisor, logger: logger) { event in
            events.withLock { $0 }?(event)
        }
        var tasks = [Supervisor.monitorName, Supervisor.watchdogName, "recovery-stepper", "frame-publisher",
                     "alert-evaluator", "metrics-sampler"]
        if configuration.configPath != nil { tasks.append("config-watcher") }
        tasks += sinks.map { "sink:\($0.name)" }
        metrics = RuntimeMetrics(groups: limiter.groupNames, tasks: tasks)
        events.withLock { $0 = { [weak self] event in self?.supervisorReported(event) } }
        addTasks(configuration: configuration, sinks: sinks)
    }

    /// Runs the background tasks until the calling task is cancelled, then stops them and
    /// ends every ``updates()`` stream. With a configuration file and `reloadOnHangup`,
    /// SIGHUP no longer ends the process but reloads (at the config watcher's next poll).
    ///
    /// With swift-service-lifecycle: `extension LimiterRuntime: Service {}` and run it in a
    /// `ServiceGroup` inside `cancelWhenGracefulShutdown`.
    public func run() async {
        if reloading.withLock({ $0.inForce.reloadOnHangup && $0.inForce.configPath != nil }) { HangupSignal.install() }
        await supervisor.run()
        let ended = subscribers.withLock { s in defer { s.removeAll() }; return Array(s.values) }
        for continuation in ended {
            continuation.yield(.ended(reason: "runtime stopped"))
            continuation.finish()
        }
    }

    // MARK: Status

    /// The full status: every group, emergency mode, events, the supervised tasks and the
    /// active alerts. Also restarts the supervising loop if it is dead (a third guard).
    public func status(source: String? = nil) -> StatusFrame {
        supervisor.ensureMonitor()
        var frame = limiter.status(source: source ?? label)
        frame.tasks = supervisor.tasks().map {
            TaskStatus(name: $0.name, alive: $0.alive, restarts: $0.restarts, lastBeat: limiter.clock.wallTime(at: $0.lastBeat),
                       failuresInARow: $0.failuresInARow, lastError: $0.lastError)
        }
        frame.alerts = alerts.active().map { $0.status(now: frame.t) }
        return frame
    }

    /// Frames published by the `frame-publisher` task (the first one at once).
    public func updates() -> AsyncStream<StatusUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusUpdate.self, bufferingPolicy: .bufferingNewest(2))
        let id = nextSubscriber.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        continuation.yield(.frame(status()))
        return stream
    }

    /// Evaluates the alert rules now against a fresh status.
    @discardableResult
    public func evaluateAlerts() -> [Alert] {
        let frame = limiter.status(source: label)
        let drift = reloading.withLock { $0.drift }
        let now = limiter.clock.now()
        return alerts.evaluate(AlertInput(frame: frame, tasks: supervisor.tasks(), configDrift: drift),
                               now: now, wallNow: limiter.clock.wallTime(at: now))
    }

    func publish() {
        let frame = status()
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets { continuation.yield(.frame(frame)) }
    }

    private func supervisorReported(_ event: SupervisorEvent) {
        switch event {
        case .restarted(let task, _):
            limiter.note(.taskRestarted(task))
        case .died(let task, let reason, let failures):
            limiter.note(.note("task \(task) died (\(reason)), \(failures) in a row"))
            evaluateAlerts()
        case .stalled(let task, let failures):
            limiter.note(.note("task \(task) stalled, \(failures) in a row"))
            evaluateAlerts()
        }
    }
}
