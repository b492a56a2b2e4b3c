/// Something worth an operator's attention: a 429, a rate cut, a restart, an action.
public struct LimiterEvent: Codable, Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        case rateCut(from: Double, to: Double)
        case recoveryStep(from: Double, to: Double)
        case tooManyRequests
        case blocked(seconds: Double)
        case circuitOpened
        case circuitClosed
        case emergency(on: Bool)
        case recoveryReset
        case taskRestarted(String)
        case alertRaised(AlertLevel, String)
        case alertResolved(AlertLevel, String)
        case configReloaded
        case operatorAction(String)
        case note(String)
    }

    /// Increasing number, unique within one limiter's life.
    public var id: UInt64
    /// Wall-clock unix seconds.
    public var t: Double
    /// A short machine-readable name (`rate_cut`, `429`, `restart`, …).
    public var kind: String
    public var group: GroupID?
    /// A human sentence.
    public var message: String
    public var correlationID: String?

    public init(id: UInt64, t: Double, kind: String, group: GroupID?, message: String, correlationID: String? = nil) {
        self.id = id
        self.t = t
        self.kind = kind
        self.group = group
        self.message = message
        self.correlationID = correlationID
    }

    enum CodingKeys: String, CodingKey {
        case id, t, kind, group, message
        case correlationID = "correlation_id"
    }
}

extension LimiterEvent.Kind {
    /// The machine-readable name and the sentence of this event.
    var rendered: (kind: String, message: String) {
        func pct(_ r: Double) -> String { "\(Int((r * 100).rounded()))%" }
        switch self {
        case .rateCut(let from, let to): return ("rate_cut", "rate cut \(pct(from)) → \(pct(to))")
        case .recoveryStep(let from, let to): return ("recovery_step", "recovery \(pct(from)) → \(pct(to))")
        case .tooManyRequests: return ("429", "429 Too Many Requests")
        case .blocked(let s): return ("418", "418: scope blocked for \(Int(s.rounded())) s")
        case .circuitOpened: return ("circuit_open", "circuit opened")
        case .circuitClosed: return ("circuit_closed", "circuit closed")
        case .emergency(let on): return ("emergency", on ? "emergency mode on" : "emergency mode off")
        case .recoveryReset: return ("recovery_reset", "recovery reset to 100%")
        case .taskRestarted(let name): return ("restart", "task \(name) restarted")
        case .alertRaised(let level, let rule): return ("alert", "\(level.rawValue) \(rule) raised")
        case .alertResolved(let level, let rule): return ("alert_resolved", "\(level.rawValue) \(rule) resolved")
        case .configReloaded: return ("config", "configuration reloaded")
        case .operatorAction(let text): return ("operator", text)
        case .note(let text): return ("note", text)
        }
    }
}
