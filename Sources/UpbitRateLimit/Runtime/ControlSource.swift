/// Who a control action comes from, for the audit log: `console`, `api:<token id>`,
/// `signal`, `file`, or `embedded` (a library caller) when nobody said.
public enum ControlSource {
    /// The source of the control calls made in this task.
    @TaskLocal public static var current = "embedded"
}

/// A ``LimiterControl`` whose calls are attributed to `source` (the console's keys run on
/// their own thread, where no task-local is set).
public struct AttributedControl: LimiterControl {
    /// Where the calls go.
    public let base: any LimiterControl
    /// Who makes them.
    public let source: String

    /// `base`, with every call attributed to `source`.
    public init(_ base: any LimiterControl, source: String) {
        self.base = base
        self.source = source
    }

    /// ``LimiterControl/setEmergency(enabled:duration:correlationID:)`` as `source`.
    public func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws {
        try await ControlSource.$current.withValue(source) {
            try await base.setEmergency(enabled: enabled, duration: duration, correlationID: correlationID)
        }
    }

    /// ``LimiterControl/resetRecovery(group:correlationID:)`` as `source`.
    public func resetRecovery(group: GroupID?, correlationID: String?) async throws {
        try await ControlSource.$current.withValue(source) {
            try await base.resetRecovery(group: group, correlationID: correlationID)
        }
    }
}
