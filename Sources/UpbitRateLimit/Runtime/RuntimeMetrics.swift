import CoreMetrics
import Synchronization

/// The runtime's swift-metrics instruments, created once with fixed dimensions and updated
/// from status frames by the sampler task.
///
/// Names follow the seed: `upbit_rate_limit_queue_depth{group}`,
/// `upbit_rate_limit_429_errors_total{group}`, `upbit_rate_limit_timeouts_total{group}`,
/// `upbit_rate_limit_rate_ratio{group}`, `upbit_rate_limit_circuit_state{group}` (0 closed,
/// 1 half-open, 2 open), `background_tasks_alive`, plus per task
/// `upbit_rate_limit_task_alive{task}` and `upbit_rate_limit_task_restarts_total{task}`,
/// `upbit_rate_limit_alerts_active{level}` and `upbit_rate_limit_emergency_active`.
/// (`upbit_rate_limit_acquisitions_total` and `upbit_rate_limit_wait_seconds` are recorded
/// by the limiter itself on every grant.)
public final class RuntimeMetrics: Sendable {
    struct GroupInstruments: Sendable {
        let queueDepth: Gauge
        let errors429: Counter
        let timeouts: Counter
        let rateRatio: Gauge
        let circuit: Gauge
    }
    struct TaskInstruments: Sendable {
        let alive: Gauge
        let restarts: Counter
    }
    struct Seen: Sendable {
        var errors429: [GroupID: UInt64] = [:]
        var timeouts: [GroupID: UInt64] = [:]
        var restarts: [String: Int] = [:]
    }

    private let groups: [GroupID: GroupInstruments]
    private let tasks: [String: TaskInstruments]
    private let tasksAlive: Gauge
    private let alertsActive: [AlertLevel: Gauge]
    private let emergency: Gauge
    private let seen = Mutex(Seen())

    /// Creates the instruments for `groups` and `tasks` with the bootstrapped factory.
    public init(groups: [GroupID], tasks: [String]) {
        self.groups = Dictionary(uniqueKeysWithValues: groups.map { group in
            let d = [("group", group.rawValue)]
            return (group, GroupInstruments(
                queueDepth: Gauge(label: "upbit_rate_limit_queue_depth", dimensions: d),
                errors429: Counter(label: "upbit_rate_limit_429_errors_total", dimensions: d),
                timeouts: Counter(label: "upbit_rate_limit_timeouts_total", dimensions: d),
                rateRatio: Gauge(label: "upbit_rate_limit_rate_ratio", dimensions: d),
                circuit: Gauge(label: "upbit_rate_limit_circuit_state", dimensions: d)))
        })
        self.tasks = Dictionary(uniqueKeysWithValues: tasks.map { task in
            let d = [("task", task)]
            return (task, TaskInstruments(alive: Gauge(label: "upbit_rate_limit_task_alive", dimensions: d),
                                          restarts: Counter(label: "upbit_rate_limit_task_restarts_total", dimensions: d)))
        })
        tasksAlive = Gauge(label: "background_tasks_alive")
        alertsActive = Dictionary(uniqueKeysWithValues: AlertLevel.allCases.map {
            ($0, Gauge(label: "upbit_rate_limit_alerts_active", dimensions: [("level", $0.rawValue)]))
        })
        emergency = Gauge(label: "upbit_rate_limit_emergency_active")
    }

    /// Updates every instrument from `frame` (counters by their increase since the last frame).
    public func update(from frame: StatusFrame) {
        let increases = seen.withLock { s in
            var increases: [(Counter, Int64)] = []
            for g in frame.groups {
                guard let instruments = groups[g.name] else { continue }
                increases.append((instruments.errors429, Int64(clamping: g.errors429Total &- (s.errors429[g.name] ?? 0))))
                increases.append((instruments.timeouts, Int64(clamping: g.timeoutsTotal &- (s.timeouts[g.name] ?? 0))))
                s.errors429[g.name] = g.errors429Total
                s.timeouts[g.name] = g.timeoutsTotal
            }
            for t in frame.tasks {
                guard let instruments = tasks[t.name] else { continue }
                increases.append((instruments.restarts, Int64(max(0, t.restarts - (s.restarts[t.name] ?? 0)))))
                s.restarts[t.name] = t.restarts
            }
            return increases
        }
        for (counter, by) in increases where by > 0 { counter.increment(by: by) }
        for g in frame.groups {
            guard let instruments = groups[g.name] else { continue }
            instruments.queueDepth.record(g.queueDepth)
            instruments.rateRatio.record(g.rateRatio)
            instruments.circuit.record(Self.circuitValue(g.circuit))
        }
        for t in frame.tasks { tasks[t.name]?.alive.record(t.alive ? 1 : 0) }
        tasksAlive.record(frame.tasks.count { $0.alive })
        for level in AlertLevel.allCases { alertsActive[level]?.record(frame.alerts.count { $0.level == level }) }
        emergency.record(frame.emergency.active ? 1 : 0)
    }

    static func circuitValue(_ state: CircuitBreaker.State) -> Int {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }
}
