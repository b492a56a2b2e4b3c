/// Operator commands on a limiter: the embedded one directly, a sidecar over HTTP.
public protocol LimiterControl: Sendable {
    /// Switches emergency mode on for `duration` (nil: the configured default) or off.
    func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws
    /// Puts `group` (nil: every group) back to full rate with no 429 streak, hold or block.
    func resetRecovery(group: GroupID?, correlationID: String?) async throws
}

extension RateLimiter: LimiterControl {
    /// Switches emergency mode on (every group at `emergencyFactor` of its rate and burst)
    /// for `duration` (nil: the configured default), or off.
    ///
    /// The factor is kept apart from the windows and the adaptive ratio, so whatever
    /// changes while it is on (a reload, a rate cut or recovery) is what comes back when it
    /// ends. A second switch-on replaces the end time. A duration too long for the clock
    /// means "until switched off".
    public func setEmergency(enabled: Bool, duration: Duration? = nil, correlationID: String? = nil) {
        let now = clock.now()
        let length = max(0, (duration ?? configuration.emergencyDuration).nanoseconds)
        let until = enabled ? now.addingSaturating(length) : nil
        for name in groupNames {
            limiters[name]!.withMachine { m in
                m.setEmergency(factor: enabled ? configuration.emergencyFactor : 1, until: until ?? .max)
                return ((), [])
            }
            limiters[name]!.wakeSleepers()
        }
        shared.withLock { $0.emergencyUntil = until }
        emit(.emergency(on: enabled), correlationID: correlationID)
    }

    /// Puts `group` (nil: every group) back to rate ratio 1 with no 429 streak, hold, 418
    /// block or open circuit, and forgets the 418 offences of its scope (nil: every scope). A group not in the table is logged and ignored
    /// (``LimiterRuntime`` throws `.unknownGroup` for it instead).
    public func resetRecovery(group: GroupID? = nil, correlationID: String? = nil) {
        if let group, limiters[group] == nil {
            logger.warning("reset-recovery for an unknown group ignored", metadata: ["group": "\(group)"])
            return
        }
        for name in groupNames where group == nil || group == name {
            limiters[name]!.withMachine { m in m.resetRecovery(); return ((), []) }
            limiters[name]!.wakeSleepers()
        }
        // The 418 escalation starts over for the scopes reset.
        let scopes = group.flatMap { limiters[$0].map { [$0.group.scope] } } ?? LimitScope.allCases
        shared.withLock { s in for scope in scopes { s.bans[scope] = nil } }
        emit(.recoveryReset, group: group, correlationID: correlationID)
    }
}
