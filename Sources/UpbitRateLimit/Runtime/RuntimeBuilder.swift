import Foundation
import Logging
import Tracing

/// Builds a ``LimiterRuntime`` the same way for every command, and its configuration again
/// at every reload: defaults → the file → the environment (`UPBIT_RATE_LIMIT_*`) → the
/// command line's ``Overrides``. A flag such as `serve --preset global` therefore stays in
/// force when the file changes or a SIGHUP reloads it.
///
/// ```swift
/// let builder = RuntimeBuilder(file: "limiter.json", overrides: .init(limits: .preset(.global)))
/// let runtime = try builder.makeRuntime(label: "sidecar")
/// ```
public struct RuntimeBuilder: Sendable {
    /// What the command line sets on top of the file and the environment.
    public struct Overrides: Sendable {
        /// A limit table in place of the file's and the environment's (`--preset`).
        public var limits: LimitTable?
        /// The frame publisher's interval (`console --refresh`).
        public var frameInterval: Duration?
        /// The tracer of the limiter's spans (`serve --otlp-endpoint`).
        public var tracer: (any Tracer)?

        /// No overrides unless given.
        public init(limits: LimitTable? = nil, frameInterval: Duration? = nil, tracer: (any Tracer)? = nil) {
            self.limits = limits
            self.frameInterval = frameInterval
            self.tracer = tracer
        }

        /// `configuration` with these overrides on top.
        public func applied(to configuration: RuntimeConfiguration) -> RuntimeConfiguration {
            var c = configuration
            if let limits { c.limiter.limits = limits }
            if let frameInterval { c.frameInterval = frameInterval }
            if let tracer { c.limiter.tracer = tracer }
            return c
        }
    }

    /// The configuration file (nil: defaults and environment only).
    public var file: String?
    /// The variables the `UPBIT_RATE_LIMIT_*` overrides are read from.
    public var environment: [String: String]
    /// The command line's settings.
    public var overrides: Overrides
    /// The alert sinks for a configuration (its webhook and channels), made once per runtime.
    public var sinks: @Sendable (RuntimeConfiguration) -> [any AlertSink]

    /// A builder reading `file` and `environment` with `overrides` on top.
    public init(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                overrides: Overrides = .init(), sinks: @escaping @Sendable (RuntimeConfiguration) -> [any AlertSink] = { _ in [] }) {
        self.file = file
        self.environment = environment
        self.overrides = overrides
        self.sinks = sinks
    }

    /// Defaults → file → environment → overrides, validated; errors name the file, key or variable.
    public func configuration() throws(ConfigurationError) -> RuntimeConfiguration {
        overrides.applied(to: try RuntimeConfiguration.load(file: file, environment: environment))
    }

    /// A runtime with a new limiter on `clock`, its sinks, its audit log (`audit_log`), and
    /// this builder for its reloads.
    public func makeRuntime(clock: any LimiterClock = SystemLimiterClock(), label: String = "embedded",
                            logger: Logger = Logger(label: "upbit.ratelimit")) throws(ConfigurationError) -> LimiterRuntime {
        let configuration = try configuration()
        let auditLog = try configuration.auditLogPath.map { path throws(ConfigurationError) in try AuditLog(path: path) }
        return LimiterRuntime(configuration: configuration, clock: clock, sinks: sinks(configuration), label: label,
                              environment: environment, overrides: overrides, auditLog: auditLog, logger: logger)
    }
}
