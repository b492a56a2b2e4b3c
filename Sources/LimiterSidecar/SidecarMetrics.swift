import Prometheus
import Synchronization
import UpbitRateLimit

/// `GET /metrics`: Prometheus text built from `runtime.status()` at each scrape.
///
/// Counters are set to the frame's totals (reset + increment under a lock, so scrapes see
/// monotonic values); gauges carry the current queue depth, rate ratio, circuit state and tasks.
final class SidecarMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let lock = Mutex(())

    func render(_ runtime: LimiterRuntime) -> [UInt8] {
        let frame = runtime.status(source: runtime.label)
        return lock.withLock { _ in
            for group in frame.groups {
                let labels = [("group", group.name.rawValue)]
                counter("upbit_limiter_acquisitions_granted_total", labels, group.grantedTotal)
                counter("upbit_limiter_acquisitions_timeout_total", labels, group.timeoutsTotal)
                counter("upbit_limiter_acquisitions_rejected_total", labels, group.rejectedTotal)
                counter("upbit_limiter_responses_429_total", labels, group.errors429Total)
                counter("upbit_limiter_responses_418_total", labels, group.errors418Total)
                gauge("upbit_limiter_queue_depth", labels, Double(group.queueDepth))
                gauge("upbit_limiter_rate_ratio", labels, group.rateRatio)
                gauge("upbit_limiter_utilization", labels, group.utilization)
                gauge("upbit_limiter_wait_p50_ms", labels, group.waitMs.p50)
                gauge("upbit_limiter_circuit_state", labels, Self.circuitValue(group.circuit))
            }
            for task in frame.tasks {
                gauge("upbit_limiter_task_alive", [("task", task.name)], task.alive ? 1 : 0)
                counter("upbit_limiter_task_restarts_total", [("task", task.name)], UInt64(max(0, task.restarts)))
            }
            if let store = frame.sharedStore {
                let labels = [("account", store.account)]
                gauge("upbit_limiter_shared_store_reachable", labels, store.reachable ? 1 : 0)
                gauge("upbit_limiter_shared_store_round_trip_p50_ms", labels, store.roundTripMs.p50)
                gauge("upbit_limiter_shared_store_round_trip_p99_ms", labels, store.roundTripMs.p99 ?? 0)
                gauge("upbit_limiter_shared_store_hosts_seen", labels, Double(store.hostsSeen))
                gauge("upbit_limiter_shared_store_reserve_in_use", labels, Double(store.reserveInUse))
                counter("upbit_limiter_shared_store_fail_closed_periods_total", labels, store.failClosedPeriods)
                gauge("upbit_limiter_shared_store_fail_closed_seconds", labels, store.failClosedS)
                counter("upbit_limiter_shared_store_refused_total", labels, store.refusedTotal)
            }
            gauge("upbit_limiter_emergency", [], frame.emergency.active ? 1 : 0)
            gauge("upbit_limiter_alerts_active", [], Double(frame.alerts.count))
            return registry.emitToBuffer()
        }
    }

    /// 0 closed, 1 half-open, 2 open.
    static func circuitValue(_ state: CircuitBreaker.State) -> Double {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }

    private func counter(_ name: String, _ labels: [(String, String)], _ total: UInt64) {
        let counter = registry.makeCounter(name: name, labels: labels)
        counter.reset()
        counter.increment(by: Int64(clamping: total))
    }

    private func gauge(_ name: String, _ labels: [(String, String)], _ value: Double) {
        registry.makeGauge(name: name, labels: labels).set(value)
    }
}
