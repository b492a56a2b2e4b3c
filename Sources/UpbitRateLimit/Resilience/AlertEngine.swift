import DequeModule
import Logging
import Synchronization

/// Evaluates alert rules against the status and runs each alert's lifecycle.
///
/// Every raise and resolve goes to the log (P0 critical, P1 error, P2 warning, P3 notice),
/// to every ``AlertSink``, and to `onTransition` (the runtime records it as a limiter event);
/// alerts that are not resolved are in ``active()`` and so in every status frame.
public final class AlertEngine: Sendable {
    struct State: Sendable {
        var rules: AlertRuleSet
        var pending: [String: Int64] = [:]
        var active: [String: Alert] = [:]
        var resolved: Deque<Alert> = []
    }

    private let state: Mutex<State>
    private let sinks: [any AlertSink]
    private let logger: Logger
    private let onTransition: @Sendable (Alert) -> Void
    /// Resolved alerts kept for ``recentlyResolved()``.
    public let historyCapacity: Int

    /// An engine for `rules` that delivers to `sinks`.
    public init(rules: AlertRuleSet = .seedDefaults, sinks: [any AlertSink] = [], historyCapacity: Int = 64,
                logger: Logger = Logger(label: "upbit.ratelimit.alerts"),
                onTransition: @escaping @Sendable (Alert) -> Void = { _ in }) {
        state = Mutex(State(rules: rules))
        self.sinks = sinks
        self.historyCapacity = max(0, historyCapacity)
        self.logger = logger
        self.onTransition = onTransition
    }

    /// The rules in force.
    public var rules: AlertRuleSet { state.withLock { $0.rules } }

    /// The sinks alerts are delivered to.
    public var alertSinks: [any AlertSink] { sinks }

    /// Replaces the rules; alerts of rules that are gone resolve at the next evaluation.
    public func replaceRules(_ rules: AlertRuleSet) { state.withLock { $0.rules = rules } }

    /// Alerts not resolved, most severe first, then oldest first.
    public func active() -> [Alert] {
        state.withLock { Array($0.active.values) }.sorted { ($0.level, $0.since, $0.rule) < ($1.level, $1.since, $1.rule) }
    }

    /// The most recently resolved alerts, oldest first.
    public func recentlyResolved() -> [Alert] { state.withLock { Array($0.resolved) } }

    /// Evaluates every rule at `now` (clock nanoseconds; `wallNow` unix seconds) and
    /// delivers the transitions, which it also returns.
    @discardableResult
    public func evaluate(_ input: AlertInput, now: Int64, wallNow: Double) -> [Alert] {
        let transitions = state.withLock { s -> [Alert] in
            var transitions: [Alert] = []
            var seen: Set<String> = []
            for rule in s.rules.rules {
                for (subject, value) in rule.metric.values(in: input) {
                    let key = rule.name + "|" + (subject ?? "")
                    guard rule.comparison.holds(value, rule.threshold) else { continue }
                    seen.insert(key)
                    let message = rule.message(value: value, subject: subject)
                    if var alert = s.active[key] {
                        alert.state = .active
                        alert.value = value
                        alert.message = message
                        s.active[key] = alert
                        continue
                    }
                    let start = s.pending[key] ?? now
                    s.pending[key] = start
                    guard Double(now - start) / 1e9 >= rule.forSeconds else { continue }
                    let group = rule.metric.subject == .group ? subject.map(GroupID.init(rawValue:)) : nil
                    let alert = Alert(rule: rule.name, level: rule.level, group: group, subject: subject,
                                      state: .raised, since: wallNow, value: value, message: message)
                    s.active[key] = alert
                    transitions.append(alert)
                }
            }
            s.pending = s.pending.filter { seen.contains($0.key) }
            for (key, var alert) in s.active where !seen.contains(key) {
                s.active[key] = nil
                alert.state = .resolved
                alert.resolvedAt = wallNow
                s.resolved.append(alert)
                transitions.append(alert)
            }
            while s.resolved.count > historyCapacity { s.resolved.removeFirst() }
            return transitions
        }
        for alert in transitions { deliver(alert, now: wallNow) }
        return transitions
    }

    private func deliver(_ alert: Alert, now: Double) {
        var metadata: Logger.Metadata = [
            "alert": "\(alert.rule)", "level": "\(alert.level.rawValue)", "state": "\(alert.state.rawValue)",
            "value": "\(alert.value)",
        ]
        if let subject = alert.subject { metadata["subject"] = "\(subject)" }
        if alert.state == .resolved { metadata["duration_s"] = "\(alert.duration(now: now))" }
        logger.log(level: alert.state == .resolved ? .notice : alert.level.logLevel, "\(alert.text(now: now))",
                   metadata: metadata)
        for sink in sinks { sink.deliver(alert) }
        onTransition(alert)
    }
}

extension AlertLevel {
    /// The log level an alert of this level is logged at when raised.
    var logLevel: Logger.Level {
        switch self {
        case .p0: .critical
        case .p1: .error
        case .p2: .warning
        case .p3: .notice
        }
    }
}
