/// Operator commands on a limiter: the embedded one directly, a sidecar over HTTP.
public protocol LimiterControl: Sendable {
    /// Switches emergency mode on for `duration` (nil: the configured default) or off.
    func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws
    /// Puts `group` (nil: every group) back to full rate with no 429 streak, hold or block.
    func resetRecovery(group: GroupID?, correlationID: String?) async throws
}

extension RateLimiter: LimiterControl {
    public func setEmergency(enabled: Bool, duration: Duration? = nil, correlationID: String? = nil) {
        let now = clock.now()
        let until = enabled ? now + (duration ?? configuration.emergencyDuration).nanoseconds : nil
        for name in groupNames {
            limiters[name]!.withMachine { m in
                m.setEmergency(factor: enabled ? configuration.emergencyFactor : 1, until: until ?? .max)
                return ((), [])
            }
        }
        shared.withLock { $0.emergencyUntil = until }
        emit(.emergency(on: enabled), correlationID: correlationID)
    }

    public func resetRecovery(group: GroupID? = nil, correlationID: String? = nil) {
        for name in groupNames where group == nil || group == name {
            limiters[name]!.withMachine { m in m.resetRecovery(); return ((), []) }
        }
        emit(.recoveryReset, group: group, correlationID: correlationID)
    }
}
