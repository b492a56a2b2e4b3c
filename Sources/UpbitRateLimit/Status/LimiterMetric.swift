/// One series family the limiter exports through swift-metrics: its Prometheus name, kind,
/// help text and labels. ``all`` is the catalogue a backend (the sidecar's Prometheus
/// registry) takes help texts and histogram buckets from; names follow the seed.
public struct LimiterMetric: Hashable, Sendable {
    /// How the family is exported.
    public enum Kind: String, Hashable, Sendable { case counter, gauge, histogram }

    /// The Prometheus name.
    public let name: String
    /// Counter, gauge or histogram.
    public let kind: Kind
    /// The `# HELP` text.
    public let help: String
    /// The label names, in order.
    public let labels: [String]

    init(_ name: String, _ kind: Kind, _ labels: [String], _ help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }

    // MARK: Recorded on every acquire (GroupMetrics)

    /// Acquire outcomes: `result` is granted, timeout, rejected or cancelled.
    public static let acquisitions = LimiterMetric("upbit_rate_limit_acquisitions_total", .counter, ["group", "result"],
                                                   "Acquire outcomes per group (granted, timeout, rejected, cancelled).")
    /// Queue wait of granted acquires (buckets ``waitBuckets``).
    public static let wait = LimiterMetric("upbit_rate_limit_wait_seconds", .histogram, ["group"],
                                           "Time granted acquires waited for their slot, seconds.")
    /// Histogram buckets of ``wait``, seconds: 5 ms to 30 s around the SLA's 50/200/500 ms.
    public static let waitBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30]

    // MARK: Sampled from the status (RuntimeMetrics)

    /// Callers waiting.
    public static let queueDepth = LimiterMetric("upbit_rate_limit_queue_depth", .gauge, ["group"],
                                                 "Callers waiting in the group's queue.")
    /// 429 answers reported.
    public static let errors429 = LimiterMetric("upbit_rate_limit_429_errors_total", .counter, ["group"],
                                                "429 Too Many Requests answers reported by callers.")
    /// 418 answers reported.
    public static let errors418 = LimiterMetric("upbit_rate_limit_418_errors_total", .counter, ["group"],
                                                "418 (IP blocked) answers reported by callers.")
    /// Acquires that timed out.
    public static let timeouts = LimiterMetric("upbit_rate_limit_timeouts_total", .counter, ["group"],
                                               "Acquires that gave up waiting.")
    /// The current 429 streak.
    public static let consecutive429 = LimiterMetric("upbit_rate_limit_consecutive_429", .gauge, ["group"],
                                                     "429 answers in a row (the seed's target: 0).")
    /// Share of the published rate in force.
    public static let rateRatio = LimiterMetric("upbit_rate_limit_rate_ratio", .gauge, ["group"],
                                                "Share of the published rate in force (adaptive cut x emergency factor).")
    /// The published rate of the primary window.
    public static let limitPerSecond = LimiterMetric("upbit_rate_limit_limit_per_second", .gauge, ["group"],
                                                     "Published requests per second of the group's primary window.")
    /// Releases in the window over releases allowed.
    public static let utilization = LimiterMetric("upbit_rate_limit_token_utilization_ratio", .gauge, ["group"],
                                                  "Releases in the current window over releases allowed (0-1).")
    /// p95 lateness of queued grants.
    public static let tatDrift = LimiterMetric("upbit_rate_limit_tat_drift_p95_seconds", .gauge, ["group"],
                                               "p95 lateness of queued grants against their scheduled instant, seconds.")
    /// Circuit breaker: 0 closed, 1 half-open, 2 open.
    public static let circuit = LimiterMetric("upbit_rate_limit_circuit_state", .gauge, ["group"],
                                              "Circuit breaker state: 0 closed, 1 half-open, 2 open.")
    /// Supervised tasks running.
    public static let tasksAlive = LimiterMetric("upbit_rate_limit_background_tasks_alive", .gauge, [],
                                                 "Supervised background tasks running.")
    /// Supervised tasks known.
    public static let tasksKnown = LimiterMetric("upbit_rate_limit_background_tasks", .gauge, [],
                                                 "Supervised background tasks registered.")
    /// One task's liveness.
    public static let taskAlive = LimiterMetric("upbit_rate_limit_task_alive", .gauge, ["task"],
                                                "1 while the supervised task runs, else 0.")
    /// One task's restarts.
    public static let taskRestarts = LimiterMetric("upbit_rate_limit_task_restarts_total", .counter, ["task"],
                                                   "Restarts of the supervised task.")
    /// Active alerts per level.
    public static let alertsActive = LimiterMetric("upbit_rate_limit_alerts_active", .gauge, ["level"],
                                                   "Alerts raised and not resolved, per level (P0-P3).")
    /// Emergency mode.
    public static let emergency = LimiterMetric("upbit_rate_limit_emergency_active", .gauge, [],
                                                "1 while emergency mode is on.")
    /// Resident memory.
    public static let memory = LimiterMetric("upbit_rate_limit_memory_resident_bytes", .gauge, [],
                                             "Resident memory of the process hosting the limiter, bytes.")

    // MARK: Shared store (`serve --shared`; created when the first frame shows one)

    /// The shared store's families, label `account`.
    public static let sharedStore: [LimiterMetric] = [
        .init("upbit_rate_limit_shared_store_reachable", .gauge, ["account"], "1 while the shared store answers."),
        .init("upbit_rate_limit_shared_store_round_trip_p50_seconds", .gauge, ["account"], "Median store round trip, seconds."),
        .init("upbit_rate_limit_shared_store_round_trip_p99_seconds", .gauge, ["account"], "p99 store round trip, seconds."),
        .init("upbit_rate_limit_shared_store_hosts_seen", .gauge, ["account"], "Hosts sharing the account's limits."),
        .init("upbit_rate_limit_shared_store_reserve_in_use", .gauge, ["account"], "Slots of the local reserve in use."),
        .init("upbit_rate_limit_shared_store_fail_closed_seconds", .gauge, ["account"], "Seconds failed closed so far."),
        .init("upbit_rate_limit_shared_store_fail_closed_periods_total", .counter, ["account"], "Periods failed closed."),
        .init("upbit_rate_limit_shared_store_refused_total", .counter, ["account"], "Acquires refused while failed closed."),
    ]

    /// Every family the limiter exports.
    public static let all: [LimiterMetric] = [
        acquisitions, wait, queueDepth, errors429, errors418, timeouts, consecutive429, rateRatio, limitPerSecond,
        utilization, tatDrift, circuit, tasksAlive, tasksKnown, taskAlive, taskRestarts, alertsActive, emergency, memory,
    ] + sharedStore
}
