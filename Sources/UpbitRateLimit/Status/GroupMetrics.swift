import Metrics

/// The hot-path metrics of one group, created once with fixed dimensions (swift-metrics).
///
/// Names follow the seed (``LimiterMetric/acquisitions``: `upbit_rate_limit_acquisitions_total{group,result}`,
/// ``LimiterMetric/wait``: `upbit_rate_limit_wait_seconds{group}`). Gauges and counters
/// derived from the status are the runtime's (``RuntimeMetrics``, updated by `metrics-sampler`).
struct GroupMetrics: Sendable {
    let granted: Counter
    let timeout: Counter
    let rejected: Counter
    let cancelled: Counter
    let wait: Timer

    init(group: GroupID) {
        func acquisitions(_ result: String) -> Counter {
            Counter(label: LimiterMetric.acquisitions.name, dimensions: [("group", group.rawValue), ("result", result)])
        }
        granted = acquisitions("granted")
        timeout = acquisitions("timeout")
        rejected = acquisitions("rejected")
        cancelled = acquisitions("cancelled")
        wait = Timer(label: LimiterMetric.wait.name, dimensions: [("group", group.rawValue)],
                     preferredDisplayUnit: .seconds)
    }

    /// Records a grant and its wait.
    func record(_ permit: Permit) {
        granted.increment()
        wait.recordNanoseconds(permit.waitedNanos)
    }

    /// Records a refusal by its kind.
    func record(_ error: any Error) {
        switch (error as? RateLimitError)?.code {
        case .timeout?: timeout.increment()
        case nil: cancelled.increment()
        default: rejected.increment()
        }
    }
}
