import Foundation

extension RuntimeConfiguration {
    /// Defaults → `file` (JSON, optional) → `environment`, validated once.
    ///
    /// Errors name the file and line, the key and the value, or the variable. Relative
    /// paths in the file (`limits`, `alert_rules`, `audit_log`) are taken from the file's folder.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> RuntimeConfiguration
    {
        var configuration = RuntimeConfiguration()
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .init(.unreadableFile, "\(file): cannot read the configuration file")
            }
            configuration = try decode(data, origin: file)
        }
        configuration.limiter.limits = try EnvironmentOverrides.apply(environment, to: configuration.limiter.limits)
        return configuration
    }

    /// Reads a configuration document over the defaults (no environment); `origin` is its path.
    public static func decode(_ data: Data, origin: String) throws(ConfigurationError) -> RuntimeConfiguration {
        let root = try ConfigObjectReader(document: data, origin: origin)
        try root.checkKeys(["margin_ms", "default_timeout_s", "adaptive", "circuit", "emergency", "limits",
                            "alert_rules", "webhook_url", "alert_channels", "alert_routes", "audit_log",
                            "intervals", "supervisor", "shared"])
        var c = RuntimeConfiguration(configPath: origin)
        let folder = URL(fileURLWithPath: origin).deletingLastPathComponent()
        func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path }

        c.limiter.margin = try root.milliseconds("margin_ms", in: Ranges.margin) ?? c.limiter.margin
        c.limiter.defaultTimeout = try root.seconds("default_timeout_s", in: Ranges.timeout) ?? c.limiter.defaultTimeout
        if let a = try root.object("adaptive") {
            try a.checkKeys(["cut_threshold", "cut_factor", "floor", "recovery_delay_s", "recovery_step", "recovery_interval_s"])
            var p = c.limiter.adaptive
            p.cutThreshold = try a.integer("cut_threshold", in: Ranges.count) ?? p.cutThreshold
            p.cutFactor = try a.number("cut_factor", in: Ranges.share) ?? p.cutFactor
            p.floor = try a.number("floor", in: Ranges.share) ?? p.floor
            p.recoveryDelay = try a.seconds("recovery_delay_s", in: Ranges.delay) ?? p.recoveryDelay
            p.recoveryStep = try a.number("recovery_step", in: Ranges.share) ?? p.recoveryStep
            p.recoveryInterval = try a.seconds("recovery_interval_s", in: Ranges.period) ?? p.recoveryInterval
            c.limiter.adaptive = p
        }
        if let b = try root.object("circuit") {
            try b.checkKeys(["failure_threshold", "open_s", "success_threshold"])
            var p = c.limiter.circuit
            p.failureThreshold = try b.integer("failure_threshold", in: Ranges.count) ?? p.failureThreshold
            p.openDuration = try b.seconds("open_s", in: Ranges.period) ?? p.openDuration
            p.successThreshold = try b.integer("success_threshold", in: Ranges.count) ?? p.successThreshold
            c.limiter.circuit = p
        }
        if let e = try root.object("emergency") {
            try e.checkKeys(["factor", "duration_s"])
            c.limiter.emergencyFactor = try e.number("factor", in: Ranges.share) ?? c.limiter.emergencyFactor
            c.limiter.emergencyDuration = try e.seconds("duration_s", in: Ranges.period) ?? c.limiter.emergencyDuration
        }
        if let i = try root.object("intervals") {
            try i.checkKeys(["frame_ms", "recovery_ms", "alert_ms", "sample_ms", "config_poll_ms"])
            c.frameInterval = try i.milliseconds("frame_ms", in: Ranges.tick) ?? c.frameInterval
            c.recoveryInterval = try i.milliseconds("recovery_ms", in: Ranges.tick) ?? c.recoveryInterval
            c.alertInterval = try i.milliseconds("alert_ms", in: Ranges.tick) ?? c.alertInterval
            c.sampleInterval = try i.milliseconds("sample_ms", in: Ranges.tick) ?? c.sampleInterval
            c.configPollInterval = try i.milliseconds("config_poll_ms", in: Ranges.tick) ?? c.configPollInterval
        }
        if let s = try root.object("supervisor") {
            try s.checkKeys(["check_interval_ms", "stall_timeout_s", "backoff_base_s", "backoff_max_s",
                             "healthy_after_s"])
            var p = c.supervisor
            p.checkInterval = try s.milliseconds("check_interval_ms", in: Ranges.tick) ?? p.checkInterval
            p.stallTimeout = try s.seconds("stall_timeout_s", in: Ranges.period) ?? p.stallTimeout
            p.backoffBase = try s.seconds("backoff_base_s", in: Ranges.period) ?? p.backoffBase
            p.backoffMax = try s.seconds("backoff_max_s", in: Ranges.period) ?? p.backoffMax
            p.healthyAfter = try s.seconds("healthy_after_s", in: Ranges.delay) ?? p.healthyAfter
            guard p.backoffMax >= p.backoffBase else {
                throw s.error("backoff_max_s", "must be ≥ backoff_base_s (\(p.backoffBase))")
            }
            c.supervisor = p
        }
        c.limiter.limits = try limits(in: root, resolve: resolve) ?? c.limiter.limits
        c.limitsPath = (root.object["limits"] as? String).map(resolve)
        if let (url, shared) = try sharedSection(in: root) {
            c.sharedStoreURL = url
            c.shared = shared
            do { try shared.validate(against: c.limiter.limits) } catch {
                throw root.error("shared", "\(error)")
            }
        }
        if let rules = try root.string("alert_rules") {
            c.alertRulesPath = resolve(rules)
            c.alertRules = try AlertRuleSet.load(contentsOf: resolve(rules))
        }
        c.alertChannels = try channels(in: root)
        c.auditLogPath = try root.string("audit_log").map(resolve)
        return c
    }

    /// The accepted range of each kind of key (documented in the README's configuration section).
    enum Ranges {
        /// `margin_ms`: [0, 1000) ms.
        static let margin = InputRange(0, 1000, upperOpen: true)
        /// `default_timeout_s`: (0, 3600] s.
        static let timeout = InputRange.above(0, through: 3600)
        /// Thresholds: [1, 1000000].
        static let count = 1...1_000_000
        /// Factors and steps: (0, 1].
        static let share = InputRange.above(0, through: 1)
        /// Durations that may be zero: [0, 86400] s.
        static let delay = InputRange.closed(0, 86_400)
        /// Durations: (0, 86400] s.
        static let period = InputRange.above(0, through: 86_400)
        /// Shared-store leases: (0, 3600] s (a lease is clamped to at most an hour anyway).
        static let lease = InputRange.above(0, through: 3_600)
        /// Loop intervals: [1, 3600000] ms.
        static let tick = InputRange.closed(1, 3_600_000)
    }

    /// `limits`: a limit table document inline, or the path of one.
    private static func limits(in root: ConfigObjectReader, resolve: (String) -> String)
        throws(ConfigurationError) -> LimitTable?
    {
        guard let raw = root.object["limits"] else { return nil }
        if let path = raw as? String { return try LimitTable.load(contentsOf: resolve(path)) }
        guard JSONSerialization.isValidJSONObject(raw), let inline = try? JSONSerialization.data(withJSONObject: raw) else {
            throw root.error("limits", "must be a limit table object or a file path, got \(ConfigObjectReader.show(raw))")
        }
        do {
            return try LimitTable.decode(inline, origin: root.origin)
        } catch {
            throw root.error("limits", error.message.replacingOccurrences(of: "\(root.origin): ", with: ""))
        }
    }
}
