import CoreMetrics
import Synchronization

/// The runtime's swift-metrics instruments, created once with fixed dimensions and updated
/// from status frames by the `metrics-sampler` task (never by ``LimiterRuntime/status(source:)``).
///
/// Families and names: ``LimiterMetric`` (the seed's `upbit_rate_limit_queue_depth{group}`,
/// `upbit_rate_limit_429_errors_total{group}`, `upbit_rate_limit_timeouts_total{group}` and
/// the checklist's memory, token utilisation, tasks alive, 429 streak, TAT drift, 418,
/// circuit, rate ratio and emergency). Counters advance by the frame totals' increase since
/// the previous update. (`upbit_rate_limit_acquisitions_total` and
/// `upbit_rate_limit_wait_seconds` are recorded by the limiter itself on every grant.)
public final class RuntimeMetrics: Sendable {
    struct GroupInstruments: Sendable {
        let queueDepth, consecutive429, rateRatio, limitPerSecond, utilization, tatDrift, circuit: Gauge
        let errors429, errors418, timeouts: Counter

        init(_ group: GroupID) {
            let d = [("group", group.rawValue)]
            func gauge(_ m: LimiterMetric) -> Gauge { Gauge(label: m.name, dimensions: d) }
            func counter(_ m: LimiterMetric) -> Counter { Counter(label: m.name, dimensions: d) }
            (queueDepth, consecutive429, rateRatio) = (gauge(.queueDepth), gauge(.consecutive429), gauge(.rateRatio))
            (limitPerSecond, utilization, tatDrift) = (gauge(.limitPerSecond), gauge(.utilization), gauge(.tatDrift))
            circuit = gauge(.circuit)
            (errors429, errors418, timeouts) = (counter(.errors429), counter(.errors418), counter(.timeouts))
        }
    }
    struct TaskInstruments: Sendable {
        let alive: Gauge
        let restarts: Counter
    }
    /// Totals at the previous update, per counter key.
    struct Seen: Sendable {
        var totals: [String: UInt64] = [:]
    }

    private let groups: [GroupID: GroupInstruments]
    private let tasks: [String: TaskInstruments]
    private let tasksAlive = Gauge(label: LimiterMetric.tasksAlive.name)
    private let tasksKnown = Gauge(label: LimiterMetric.tasksKnown.name)
    private let alertsActive: [AlertLevel: Gauge]
    private let emergency = Gauge(label: LimiterMetric.emergency.name)
    private let memory = Gauge(label: LimiterMetric.memory.name)
    private let seen = Mutex(Seen())
    /// Per shared-store account: gauges in ``LimiterMetric/sharedStore`` order, then the two counters.
    private let shared = Mutex<[String: ([Gauge], [Counter])]>([:])
    /// The factory in force at creation, for the instruments made later (a shared account's).
    private let factory = MetricsSystem.factory

    /// Creates the instruments for `groups` and `tasks` with the bootstrapped factory.
    public init(groups: [GroupID], tasks: [String]) {
        self.groups = Dictionary(uniqueKeysWithValues: groups.map { ($0, GroupInstruments($0)) })
        self.tasks = Dictionary(uniqueKeysWithValues: tasks.map { task in
            let d = [("task", task)]
            return (task, TaskInstruments(alive: Gauge(label: LimiterMetric.taskAlive.name, dimensions: d),
                                          restarts: Counter(label: LimiterMetric.taskRestarts.name, dimensions: d)))
        })
        alertsActive = Dictionary(uniqueKeysWithValues: AlertLevel.allCases.map {
            ($0, Gauge(label: LimiterMetric.alertsActive.name, dimensions: [("level", $0.rawValue)]))
        })
    }

    /// Updates every instrument from `frame` (counters by their increase since the last frame).
    public func update(from frame: StatusFrame) {
        var totals: [(key: String, counter: Counter, total: UInt64)] = []
        for g in frame.groups {
            guard let i = groups[g.name] else { continue }
            let key = g.name.rawValue
            totals += [("429|" + key, i.errors429, g.errors429Total), ("418|" + key, i.errors418, g.errors418Total),
                       ("timeout|" + key, i.timeouts, g.timeoutsTotal)]
            i.queueDepth.record(g.queueDepth)
            i.consecutive429.record(g.consecutive429)
            i.rateRatio.record(g.rateRatio)
            i.limitPerSecond.record(g.limitPerSecond)
            i.utilization.record(g.utilization)
            i.tatDrift.record(g.tatDriftMs.p95 / 1000)
            i.circuit.record(Self.circuitValue(g.circuit))
        }
        for t in frame.tasks {
            guard let i = tasks[t.name] else { continue }
            totals.append(("task|" + t.name, i.restarts, UInt64(max(0, t.restarts))))
            i.alive.record(t.alive ? 1 : 0)
        }
        if let store = frame.sharedStore {
            let (gauges, counters) = shared.withLock { all in
                if let made = all[store.account] { return made }
                let d = [("account", store.account)]
                let made = (LimiterMetric.sharedStore.filter { $0.kind == .gauge }.map { Gauge(label: $0.name, dimensions: d, factory: factory) },
                            LimiterMetric.sharedStore.filter { $0.kind == .counter }.map { Counter(label: $0.name, dimensions: d, factory: factory) })
                all[store.account] = made
                return made
            }
            let values = [store.reachable ? 1 : 0, store.roundTripMs.p50 / 1000, (store.roundTripMs.p99 ?? 0) / 1000,
                          Double(store.hostsSeen), Double(store.reserveInUse), store.failClosedS]
            for (gauge, value) in zip(gauges, values) { gauge.record(value) }
            totals += [("shared-fc|" + store.account, counters[0], store.failClosedPeriods),
                       ("shared-refused|" + store.account, counters[1], store.refusedTotal)]
        }
        let increases = seen.withLock { s in
            totals.map { entry in
                defer { s.totals[entry.key] = entry.total }
                return (entry.counter, Int64(clamping: entry.total &- min(entry.total, s.totals[entry.key] ?? 0)))
            }
        }
        for (counter, by) in increases where by > 0 { counter.increment(by: by) }
        tasksAlive.record(frame.tasks.count { $0.alive })
        tasksKnown.record(frame.tasks.count)
        for level in AlertLevel.allCases { alertsActive[level]?.record(frame.alerts.count { $0.level == level }) }
        emergency.record(frame.emergency.active ? 1 : 0)
        memory.record(frame.process.rssMb * 1_048_576)
    }

    static func circuitValue(_ state: CircuitBreaker.State) -> Int {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }
}
