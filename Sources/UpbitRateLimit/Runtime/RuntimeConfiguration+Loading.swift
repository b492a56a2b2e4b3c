import Foundation

extension RuntimeConfiguration {
    /// Defaults → `file` (JSON, optional) → `environment`, validated once.
    ///
    /// Errors name the file and line, the key and the value, or the variable. Relative
    /// paths in the file (`limits`, `alert_rules`) are taken from the file's folder.
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
                            "alert_rules", "webhook_url", "intervals", "supervisor", "shared"])
        var c = RuntimeConfiguration(configPath: origin)
        let folder = URL(fileURLWithPath: origin).deletingLastPathComponent()
        func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path }

        if let margin = try root.number("margin_ms", "a number of milliseconds in [0, 1000)", valid: { $0 >= 0 && $0 < 1000 }) {
            c.limiter.margin = .nanoseconds(Int64(margin * 1e6))
        }
        if let timeout = try root.seconds("default_timeout_s") { c.limiter.defaultTimeout = timeout }
        if let a = try root.object("adaptive") {
            try a.checkKeys(["cut_threshold", "cut_factor", "floor", "recovery_delay_s", "recovery_step", "recovery_interval_s"])
            let unit = { (v: Double) in v > 0 && v <= 1 }
            var p = c.limiter.adaptive
            p.cutThreshold = try a.integer("cut_threshold", minimum: 1) ?? p.cutThreshold
            p.cutFactor = try a.number("cut_factor", "a number in (0, 1]", valid: unit) ?? p.cutFactor
            p.floor = try a.number("floor", "a number in (0, 1]", valid: unit) ?? p.floor
            p.recoveryDelay = try a.seconds("recovery_delay_s", allowZero: true) ?? p.recoveryDelay
            p.recoveryStep = try a.number("recovery_step", "a number in (0, 1]", valid: unit) ?? p.recoveryStep
            p.recoveryInterval = try a.seconds("recovery_interval_s") ?? p.recoveryInterval
            c.limiter.adaptive = p
        }
        if let b = try root.object("circuit") {
            try b.checkKeys(["failure_threshold", "open_s", "success_threshold"])
            var p = c.limiter.circuit
            p.failureThreshold = try b.integer("failure_threshold", minimum: 1) ?? p.failureThreshold
            p.openDuration = try b.seconds("open_s") ?? p.openDuration
            p.successThreshold = try b.integer("success_threshold", minimum: 1) ?? p.successThreshold
            c.limiter.circuit = p
        }
        if let e = try root.object("emergency") {
            try e.checkKeys(["factor", "duration_s"])
            c.limiter.emergencyFactor = try e.number("factor", "a number in (0, 1]") { $0 > 0 && $0 <= 1 }
                ?? c.limiter.emergencyFactor
            c.limiter.emergencyDuration = try e.seconds("duration_s") ?? c.limiter.emergencyDuration
        }
        if let i = try root.object("intervals") {
            try i.checkKeys(["frame_ms", "recovery_ms", "alert_ms", "sample_ms", "config_poll_ms"])
            c.frameInterval = try i.seconds("frame_ms", scale: 1e-3) ?? c.frameInterval
            c.recoveryInterval = try i.seconds("recovery_ms", scale: 1e-3) ?? c.recoveryInterval
            c.alertInterval = try i.seconds("alert_ms", scale: 1e-3) ?? c.alertInterval
            c.sampleInterval = try i.seconds("sample_ms", scale: 1e-3) ?? c.sampleInterval
            c.configPollInterval = try i.seconds("config_poll_ms", scale: 1e-3) ?? c.configPollInterval
        }
        if let s = try root.object("supervisor") {
            try s.checkKeys(["check_interval_ms", "stall_timeout_s", "backoff_base_s", "backoff_max_s",
                             "healthy_after_s"])
            var p = c.supervisor
            p.checkInterval = try s.seconds("check_interval_ms", scale: 1e-3) ?? p.checkInterval
            p.stallTimeout = try s.seconds("stall_timeout_s") ?? p.stallTimeout
            p.backoffBase = try s.seconds("backoff_base_s") ?? p.backoffBase
            p.backoffMax = try s.seconds("backoff_max_s") ?? p.backoffMax
            p.healthyAfter = try s.seconds("healthy_after_s", allowZero: true) ?? p.healthyAfter
            guard p.backoffMax >= p.backoffBase else {
                throw s.error("backoff_max_s", "must be ≥ backoff_base_s (\(p.backoffBase))")
            }
            c.supervisor = p
        }
        c.limiter.limits = try limits(in: root, resolve: resolve) ?? c.limiter.limits
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
        if let url = try root.string("webhook_url") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw root.error("webhook_url", "must be an http(s) URL, got \"\(url)\"")
            }
            c.webhookURL = url
        }
        return c
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
