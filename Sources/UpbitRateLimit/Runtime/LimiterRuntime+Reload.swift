import Foundation

/// What a configuration reload did.
public struct ReloadOutcome: Hashable, Sendable {
    /// What was applied live (`limits`, `alert_rules`).
    public var applied: [String]
    /// Settings that changed in the file but need a restart to take effect.
    public var needsRestart: [String]
}

extension LimiterRuntime: LimiterControl {
    /// Loads the configuration file and environment again, with the command line's overrides
    /// on top (``RuntimeBuilder``), and applies what can change live.
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
            loaded = try builder.configuration()
        } catch {
            reloading.withLock { $0.drift = true; $0.lastError = error }
            logger.error("configuration reload failed; the previous configuration stays in force",
                         metadata: ["reason": "\(reason)", "error": "\(error)"])
            limiter.note(.note("configuration reload failed: \(error)"))
            audit("reload", source: Self.reloadSource(reason), outcome: "failed: \(error)")
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
            r.inForce.limitsPath = loaded.limitsPath
            r.drift = !needsRestart.isEmpty
            r.lastError = nil
        }
        watcher.rebase(paths: Self.watchedPaths(loaded))
        limiter.note(.note("configuration reloaded (\(reason)), limits \(loaded.limiter.limits.source)"))
        audit("reload", source: Self.reloadSource(reason),
              outcome: needsRestart.isEmpty ? "applied" : "applied; needs a restart: \(needsRestart.joined(separator: ", "))",
              before: Self.limitsText(current.limiter.limits), after: Self.limitsText(loaded.limiter.limits))
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
        [c.configPath, c.limitsPath, c.alertRulesPath].compactMap { $0 }
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
        if old.alertChannels != new.alertChannels { changed.append("alert channels") }
        if old.auditLogPath != new.auditLogPath { changed.append("audit_log") }
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

    /// Switches emergency mode on for `duration` (nil: the configured default) or off;
    /// written to the audit log as ``ControlSource/current``.
    public func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws {
        let before = emergencyText()
        limiter.setEmergency(enabled: enabled, duration: duration, correlationID: correlationID)
        audit(enabled ? "emergency_on" : "emergency_off", before: before, after: emergencyText(), correlationID: correlationID)
    }

    /// Resets `group` (nil: all) to full rate; throws ``RateLimitError`` `.unknownGroup`.
    /// Written to the audit log (refused resets too) as ``ControlSource/current``.
    public func resetRecovery(group: GroupID?, correlationID: String?) async throws {
        if let group, !limiter.groupNames.contains(group) {
            audit("reset_recovery", outcome: "refused: unknown group \(group)", correlationID: correlationID)
            throw RateLimitError.unknownGroup(group)
        }
        let before = ratesText(group)
        limiter.resetRecovery(group: group, correlationID: correlationID)
        audit("reset_recovery", before: before, after: ratesText(group), correlationID: correlationID)
    }

    /// Appends a control action to the audit log, if there is one.
    func audit(_ action: String, source: String = ControlSource.current, outcome: String = "applied",
               before: String? = nil, after: String? = nil, correlationID: String? = nil) {
        auditLog?.append(.init(t: limiter.clock.wallNow(), action: action, source: source, outcome: outcome,
                               before: before, after: after, correlationID: correlationID))
    }

    private func emergencyText() -> String {
        let e = limiter.status().emergency
        return e.active ? "emergency on" + (e.until.map { " until " + String(format: "%.0f", $0) } ?? "") : "emergency off"
    }

    private func ratesText(_ group: GroupID?) -> String {
        limiter.status().groups.filter { group == nil || $0.name == group }
            .map { "\($0.name) \(String(format: "%.2f", $0.rateRatio))" }.joined(separator: ", ")
    }

    /// `preset:global; order 8/1s, ticker 10/1s, …` (primary windows).
    static func limitsText(_ table: LimitTable) -> String {
        table.source + "; " + table.groups.map { g in
            g.windows.min { $0.seconds < $1.seconds }.map { "\(g.name) \($0.limit)/\(String(format: "%g", $0.seconds))s" }
                ?? g.name.rawValue
        }.joined(separator: ", ")
    }

    /// Who a reload came from: the watcher's reasons, or the caller.
    static func reloadSource(_ reason: String) -> String {
        switch reason {
        case "SIGHUP": "signal"
        case "file changed": "file"
        default: ControlSource.current
        }
    }
}
