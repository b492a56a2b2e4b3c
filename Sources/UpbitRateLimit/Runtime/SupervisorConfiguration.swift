/// How a ``Supervisor`` watches and restarts its tasks. Every property has a default.
public struct SupervisorConfiguration: Sendable, Hashable {
    // MARK: Watching

    /// How often the supervising loop (and the watchdog) look at the tasks.
    public var checkInterval: Duration
    /// The longest a task may go without a heartbeat before it counts as stalled.
    public var stallTimeout: Duration

    // MARK: Restarting

    /// The wait before the first restart; doubled on each failure in a row (seed: 1 s).
    public var backoffBase: Duration
    /// The longest wait before a restart (seed: 30 s).
    public var backoffMax: Duration
    /// A restarted task that stays alive this long starts counting failures from zero.
    ///
    /// (The P0 alert after 10 failures in a row is the `background_task_failure` alert rule.)
    public var healthyAfter: Duration

    /// The seed's values: check 250 ms, stall 5 s, backoff 1 s → 30 s, healthy after 30 s.
    public init(checkInterval: Duration = .milliseconds(250), stallTimeout: Duration = .seconds(5),
                backoffBase: Duration = .seconds(1), backoffMax: Duration = .seconds(30),
                healthyAfter: Duration = .seconds(30)) {
        self.checkInterval = checkInterval
        self.stallTimeout = stallTimeout
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
        self.healthyAfter = healthyAfter
    }

    /// The wait before restarting a task that has failed `failures` times in a row.
    public func backoff(failures: Int) -> Int64 {
        let base = max(1, backoffBase.nanoseconds)
        let cap = max(base, backoffMax.nanoseconds)
        let shift = min(max(0, failures - 1), 40)
        let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(1) << shift)
        return overflow ? cap : min(cap, scaled)
    }
}

extension LimiterClock {
    /// Sleeps until the task is cancelled, then throws `CancellationError`.
    func sleepUntilCancelled() async throws {
        while true { try await sleep(until: now() + 3_600_000_000_000) }
    }
}
