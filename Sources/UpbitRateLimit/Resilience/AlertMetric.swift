/// A quantity an alert rule watches, read from a ``StatusFrame`` and the supervisor.
///
/// Group metrics are evaluated per group (one alert per group), task metrics per task,
/// the others once.
public enum AlertMetric: String, Hashable, Sendable, CaseIterable, Codable {
    /// Resident memory of the process, MiB.
    case memoryUsageMb = "memory_usage_mb"
    /// Background tasks not running now.
    case backgroundTasksFailed = "background_tasks_failed"
    /// Deaths or stalls of one task without a healthy run in between.
    case taskFailuresInARow = "task_failures_in_a_row"
    /// 429 answers in a row in one group.
    case consecutive429 = "consecutive_429_count"
    /// Callers waiting in one group's queue.
    case queueDepth = "queue_depth"
    /// 95th percentile of the queue wait in one group, milliseconds.
    case waitP95Ms = "wait_p95_ms"
    /// Releases in the current window over releases allowed, percent.
    case utilizationPct = "utilization_pct"
    /// p95 lateness of queued grants relative to the group's emission interval, percent.
    case tatDriftPct = "tat_drift_pct"
    /// Share of the published rate in force (adaptive cut × emergency factor).
    case rateRatio = "rate_ratio"
    /// One group's circuit: 0 closed, 1 half-open, 2 open.
    case circuitState = "circuit_state"
    /// Share of groups with traffic whose 429 streak is running (0 with fewer than two such groups).
    case groups429Share = "groups_429_share"
    /// 1 while the configuration file on disk differs from the one in force (a reload failed).
    case configDrift = "config_drift"
    /// How far one group's p95 wait is above its one-hour baseline, percent (``PerformanceBaseline``).
    case baselineDeviationPct = "baseline_deviation_pct"

    /// What a metric is evaluated over.
    public enum Subject: Hashable, Sendable { case process, group, task }

    /// Whether the metric is per group, per task, or once for the process.
    public var subject: Subject {
        switch self {
        case .memoryUsageMb, .backgroundTasksFailed, .groups429Share, .configDrift: .process
        case .taskFailuresInARow: .task
        default: .group
        }
    }

    /// The metric's value for every subject in `input`: (subject name, value).
    public func values(in input: AlertInput) -> [(subject: String?, value: Double)] {
        switch subject {
        case .process: return [(nil, processValue(input))]
        case .task: return input.tasks.map { ($0.name, Double($0.failuresInARow)) }
        case .group where self == .baselineDeviationPct:
            return input.frame.groups.map { ($0.name.rawValue, input.baseline.deviationPct($0)) }
        case .group: return input.frame.groups.map { ($0.name.rawValue, groupValue($0)) }
        }
    }

    private func processValue(_ input: AlertInput) -> Double {
        switch self {
        case .memoryUsageMb: return input.frame.process.rssMb
        case .backgroundTasksFailed: return Double(input.tasks.count { !$0.alive })
        case .configDrift: return input.configDrift ? 1 : 0
        default:
            let busy = input.frame.groups.filter { $0.grantedTotal > 0 || $0.errors429Total > 0 }
            guard busy.count >= 2 else { return 0 }
            return Double(busy.count { $0.consecutive429 > 0 }) / Double(busy.count)
        }
    }

    private func groupValue(_ g: GroupStatus) -> Double {
        switch self {
        case .consecutive429: return Double(g.consecutive429)
        case .queueDepth: return Double(g.queueDepth)
        case .waitP95Ms: return g.waitMs.p95
        case .utilizationPct: return g.utilization * 100
        case .tatDriftPct:
            let emissionMs = 1000 / max(1e-9, g.limitPerSecond * max(0.01, g.rateRatio))
            return g.tatDriftMs.p95 / emissionMs * 100
        case .rateRatio: return g.rateRatio
        default:
            switch g.circuit {
            case .closed: return 0
            case .halfOpen: return 1
            case .open: return 2
            }
        }
    }
}

/// Everything an ``AlertEngine`` evaluates its rules against.
public struct AlertInput: Sendable {
    /// The limiter's status (tasks and alerts need not be filled in).
    public var frame: StatusFrame
    /// The supervised tasks.
    public var tasks: [SupervisedTaskStatus]
    /// Whether the configuration file on disk is not the one in force.
    public var configDrift: Bool
    /// The groups' p95 wait baselines.
    public var baseline: PerformanceBaseline

    public init(frame: StatusFrame, tasks: [SupervisedTaskStatus] = [], configDrift: Bool = false,
                baseline: PerformanceBaseline = .init()) {
        self.frame = frame
        self.tasks = tasks
        self.configDrift = configDrift
        self.baseline = baseline
    }
}
