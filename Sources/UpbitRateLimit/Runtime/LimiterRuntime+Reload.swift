/// What a configuration reload did.
public struct ReloadOutcome: Hashable, Sendable {
    /// What was applied live (`limits`, `alert_rules`).
    public var applied: [String]
    /// Settings that changed in the file but need a restart to take effect.
    public var needsRestart: [String]
}

extension LimiterRuntime: LimiterControl {
    /// Loads the configuration file and environment again and applies what can change live.
    ///
    /// Group windows go through ``RateLimiter/updateLimits(_:)`` (no waiter is dropped, and
    /// emergency mode and rate cuts stay in force on top of the new windows); alert rules
    /// are replaced. Margin, policies, emergency settings, intervals, endpoints, scopes and
    /// new groups need a restart: they are logged and keep the `configuration_drift_detected`
    /// alert up. A file that fails validation changes nothing and raises that alert too.
    @discardableResult
    public func reload(reason: String = "requested") -> Result<ReloadOutcome, ConfigurationError> {
        let current = reloading.withLock { $0.inForce }
        let loaded: RuntimeConfiguration
        do {
            loaded = try RuntimeConfiguration.load(file: current.configPath, environment: environment)
        } catch {
            reloading.withLock { $0.drift = true; $0.lastError = error }
            logger.error("configuration reload failed; the previous configuration stays in force",
                         metadata: ["reason": "\(reason)", "error": "\(error)"])
            limiter.note(.note("configuration reload failed: \(error)"))
            return .failure(error)
        }
        var needsRestart = Self.restartOnlyChanges(from: current, to: loaded)
        let newGroups = limiter.updateLimits(loaded.limiter.limits)
        if !newGroups.isEmpty { needsRestart.append("new groups \(newGroups.map(\.rawValue).joined(separator: ", "))") }
        alerts.replaceRules(loaded.alertRules)
        reloading.withLock { r in
            r.inForce.limiter.limits = loaded.limiter.limits
            r.inForce.alertRules = loaded.alertRules
            r.inForce.alertRulesPath = loaded.alertRulesPath
            r.drift = !needsRestart.isEmpty
            r.lastError = nil
        }
        watcher.rebase(paths: Self.watchedPaths(loaded))
        logger.notice("configuration reloaded", metadata: [
            "reason": "\(reason)", "needs_restart": "\(needsRestart.joined(separator: "; "))",
        ])
        return .success(ReloadOutcome(applied: ["limits", "alert_rules"], needsRestart: needsRestart))
    }

    /// The configuration in force (live reloads included).
    public var configuration: RuntimeConfiguration { reloading.withLock { $0.inForce } }

    /// Why the last reload failed, while the file on disk is not in force.
    public var lastReloadError: ConfigurationError? { reloading.withLock { $0.lastError } }

    static func watchedPaths(_ c: RuntimeConfiguration) -> [String] {
        [c.configPath, c.alertRulesPath].compactMap { $0 }
    }

    private static func restartOnlyChanges(from old: RuntimeConfiguration, to new: RuntimeConfiguration) -> [String] {
        let (a, b) = (old.limiter, new.limiter)
        var changed: [String] = []
        if a.margin != b.margin { changed.append("margin_ms") }
        if a.defaultTimeout != b.defaultTimeout { changed.append("default_timeout_s") }
        if a.adaptive != b.adaptive { changed.append("adaptive") }
        if a.circuit != b.circuit { changed.append("circuit") }
        if a.emergencyFactor != b.emergencyFactor || a.emergencyDuration != b.emergencyDuration { changed.append("emergency") }
        if old.supervisor != new.supervisor { changed.append("supervisor") }
        if old.webhookURL != new.webhookURL { changed.append("webhook_url") }
        let intervals = { (c: RuntimeConfiguration) in
            [c.frameInterval, c.recoveryInterval, c.alertInterval, c.sampleInterval, c.configPollInterval]
        }
        if intervals(old) != intervals(new) { changed.append("intervals") }
        for group in b.limits.groups {
            guard let before = a.limits[group.name] else { continue }
            if before.endpoints != group.endpoints || before.scope != group.scope {
                changed.append("endpoints or scope of '\(group.name)'")
            }
        }
        return changed
    }

    // MARK: LimiterControl

    /// Switches emergency mode on for `duration` (nil: the configured default) or off.
    public func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws {
        limiter.setEmergency(enabled: enabled, duration: duration, correlationID: correlationID)
    }

    /// Resets `group` (nil: all) to full rate; throws ``RateLimitError`` `.unknownGroup`.
    public func resetRecovery(group: GroupID?, correlationID: String?) async throws {
        if let group, !limiter.groupNames.contains(group) { throw RateLimitError.unknownGroup(group) }
        limiter.resetRecovery(group: group, correlationID: correlationID)
    }
}
