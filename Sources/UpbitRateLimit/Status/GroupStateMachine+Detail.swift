extension GroupStateMachine {
    /// The group's detail at `now` (read-only: reads the scheduler's logs and leases).
    mutating func detail(now: Int64, endpoints: [String]) -> GroupDetail {
        func ms(_ instant: Int64) -> Int {
            let (delta, overflow) = instant.subtractingReportingOverflow(now)
            return overflow ? (instant > now ? .max : .min) : Int(delta / 1_000_000)
        }
        func future(_ instant: Int64) -> Int? { instant > now && instant != .max ? ms(instant) : nil }
        func saturating(_ a: Int64, plus b: Int64) -> Int64 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? .max - 1 : sum
        }
        let leases = scheduler.leases.map(\.bound)
        let log = scheduler.log
        let forgotten = scheduler.forgottenThrough
        let windows = scheduler.windows.map { window -> GroupDetail.Window in
            let since = now.subtractingSaturating(window.length)
            let inWindow = log.reversed().prefix { $0 > since }.prefix(window.published.limit)
            let settles = inWindow.prefix(GroupDetail.settleListLimit).reversed()
            // The `allowed`-th latest of settles and lease bounds frees its slot one window later
            // (releases forgotten from the log settled by `forgottenThrough`), as the scheduler decides.
            var blocking = scheduler.latestSettle(window.allowed)
            if forgotten != .min { blocking = max(blocking ?? .min, forgotten) }
            return GroupDetail.Window(
                limit: window.published.limit, seconds: window.published.seconds, allowed: window.allowed,
                lengthS: Double(window.length) / 1e9, used: inWindow.count + leases.count, settlesMs: settles.map(ms),
                nextFreeMs: blocking.flatMap { future(saturating($0, plus: window.length)) })
        }
        let bounds = WaitHistogram.standardBoundsMs.map { UInt64($0 * 1000) }
        return GroupDetail(
            windows: windows, leasesMs: leases.prefix(GroupDetail.leaseListLimit).map(ms),
            marginMs: Int(scheduler.marginNanos / 1_000_000), adaptiveRatio: adaptive.ratio,
            emergencyFactor: emergencyFactor, recoveryStep: adaptive.policy.recoveryStep,
            nextRecoveryMs: future(adaptive.nextStepAt), holdMs: future(scheduler.holdUntil),
            circuitFailures: circuit.consecutiveFailures, circuitThreshold: circuit.policy.failureThreshold,
            circuitReopenMs: circuit.state(at: now) == .open ? future(circuit.openUntil) : nil,
            waitHistogram: WaitHistogram(counts: waits.counts(now: now, boundsMicros: bounds)),
            endpoints: endpoints)
    }
}
