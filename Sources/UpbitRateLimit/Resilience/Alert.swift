/// One alert of one rule for one subject (a group, a task, or the process), with its lifecycle.
///
/// raised (the evaluation that found the rule crossed) → active (every later evaluation
/// that still finds it) → resolved (the first that does not). Sinks hear of `raised` and
/// `resolved`; the status shows the alerts that are not resolved.
public struct Alert: Hashable, Sendable, Codable {
    /// Where an alert is in its life (the status frame's own type).
    public typealias State = AlertStatus.State

    /// The rule's name.
    public var rule: String
    /// The rule's level.
    public var level: AlertLevel
    /// The group, for group rules.
    public var group: GroupID?
    /// The group or task the alert is about (nil: the process).
    public var subject: String?
    /// raised, active or resolved.
    public var state: State
    /// Wall-clock unix seconds when the alert was raised.
    public var since: Double
    /// Wall-clock unix seconds when it was resolved.
    public var resolvedAt: Double?
    /// The metric's value at the last evaluation that found the rule crossed.
    public var value: Double
    /// A sentence with the subject, the value and the threshold.
    public var message: String

    /// An alert as the engine makes them (public for sinks' tests).
    public init(rule: String, level: AlertLevel, group: GroupID? = nil, subject: String? = nil, state: State,
                since: Double, resolvedAt: Double? = nil, value: Double, message: String) {
        self.rule = rule
        self.level = level
        self.group = group
        self.subject = subject
        self.state = state
        self.since = since
        self.resolvedAt = resolvedAt
        self.value = value
        self.message = message
    }

    /// Seconds from raise to resolution, or to `now` (unix seconds) while unresolved.
    public func duration(now: Double) -> Double { max(0, (resolvedAt ?? now) - since) }

    /// The alert as the status frame shows it at `now` (unix seconds).
    public func status(now: Double) -> AlertStatus {
        AlertStatus(level: level, rule: rule, group: group, since: since, message: message, state: state,
                    durationS: duration(now: now))
    }

    /// A one-line text for chat and logs: `[P1 RAISED] queue_depth_max: … (since 12:00:01)`.
    public func text(now: Double) -> String {
        let lasted = Int(duration(now: now).rounded())
        let tail = state == .resolved ? " — resolved after \(lasted) s" : ""
        return "[\(level.rawValue) \(state.rawValue.uppercased())] \(rule): \(message)\(tail)"
    }

    enum CodingKeys: String, CodingKey {
        case rule, level, group, subject, state, since, value, message
        case resolvedAt = "resolved_at"
    }
}

/// Somewhere alerts go besides the status and the log: a webhook, a pager.
///
/// ``deliver(_:)`` is called on the alert evaluator's task for every raise and resolve;
/// it must return at once (queue the alert and send it from ``run()``), so delivery never
/// delays an evaluation, let alone an acquire.
public protocol AlertSink: Sendable {
    /// A short name for logs and the task list (`webhook`).
    var name: String { get }
    /// Queues `alert` for delivery; never blocks.
    func deliver(_ alert: Alert)
    /// Delivers queued alerts until cancelled; the runtime supervises it as `sink:<name>`.
    func run(heartbeat: Heartbeat) async throws
}
