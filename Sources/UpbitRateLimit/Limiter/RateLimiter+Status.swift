extension RateLimiter {
    /// Applies everything that is due by the clock now, in every group: recovery steps,
    /// the end of emergency mode, the circuit's move to half-open (so they show in the
    /// status and events at once, not at the group's next acquire), and emits the events.
    ///
    /// Decisions never depend on it: each group applies the same lazily when it is next
    /// used. ``LimiterRuntime``'s recovery stepper calls it periodically.
    public func refresh() {
        let now = clock.now()
        for name in groupNames { limiters[name]!.withMachine { m in m.refresh(now: now); return ((), []) } }
        collectGroupEvents()
        let emergencyEnded = shared.withLock { s -> Bool in
            guard let until = s.emergencyUntil, now >= until else { return false }
            s.emergencyUntil = nil
            return true
        }
        if emergencyEnded { emit(.emergency(on: false)) }
    }

    /// A snapshot of every group, emergency mode and recent events.
    ///
    /// `tasks` and `alerts` are empty here; ``LimiterRuntime`` fills them in.
    public func status(source: String = "embedded") -> StatusFrame {
        refresh()
        let now = clock.now()
        let groups = groupNames.map { limiters[$0]!.withMachine { m in (m.status(now: now), []) } }
        collectGroupEvents()
        let (seq, emergencyUntil, events, limits) = shared.withLock { s in
            s.seq += 1
            return (s.seq, s.emergencyUntil, Array(s.events.suffix(32)), s.limitsSource)
        }
        return StatusFrame(
            t: clock.wallTime(at: now), seq: seq, source: source, limits: limits,
            groups: groups,
            emergency: EmergencyStatus(active: emergencyUntil != nil, until: emergencyUntil.map { clock.wallTime(at: $0) }),
            process: ProcessStatus(rssMb: ProcessSampler.residentMegabytes(),
                                   uptimeS: Double(now - startedAt) / 1e9),
            events: events)
    }
}

extension GroupStateMachine {
    mutating func status(now: Int64) -> GroupStatus {
        let published = scheduler.primaryWindow
        let wait = waits.percentiles(now: now, [50, 95, 99])
        let late = drift.percentiles(now: now, [50, 95, 99])
        let usage = scheduler.primaryUsage(now: now)
        return GroupStatus(
            name: group, scope: scope, limitPerSecond: published.perSecond, windowSeconds: published.seconds,
            rateRatio: scheduler.ratio, queueDepth: queueDepth,
            grantedTotal: counters.granted, timeoutsTotal: counters.timeouts, cancelledTotal: counters.cancelled,
            rejectedTotal: counters.rejected, errors429Total: counters.errors429, errors418Total: counters.errors418,
            unmappedTotal: counters.unmapped, malformedHeadersTotal: counters.malformedHeaders,
            consecutive429: adaptive.consecutive429,
            waitMs: Percentiles(p50: wait[0], p95: wait[1], p99: wait[2]),
            tatDriftMs: Percentiles(p50: late[0], p95: late[1], p99: late[2]),
            tatMs: scheduler.tat == .min ? 0 : Double(scheduler.tat - now) / 1e6,
            utilization: Double(usage.used) / Double(max(1, usage.allowed)),
            circuit: circuit.state(at: now),
            remainingReqSec: counters.lastRemainingSec,
            blockedForS: blockedUntil > now ? Double(blockedUntil.subtractingSaturating(now)) / 1e9 : nil,
            abandonedTotal: counters.abandoned)
    }
}
