import Synchronization

/// Counts what one host sees of its shared store: round trips, reachability, fail-closed periods.
final class SharedStoreMonitor: Sendable {
    private struct State {
        var roundTrips: RollingHistogram
        var reachable = true
        var downSince: Int64?
        var periods: UInt64 = 0
        var closedNanos: Int64 = 0
        var refused: UInt64 = 0
        var hostsSeen = 0
        var lastProbe: Int64?
    }

    private let state: Mutex<State>

    init(percentilePeriod: Duration) {
        state = Mutex(State(roundTrips: RollingHistogram(period: percentilePeriod.nanoseconds)))
    }

    /// The store answered after `nanos`.
    func answered(after nanos: Int64, hostsSeen: Int?, now: Int64) {
        state.withLock { s in
            s.roundTrips.record(micros: max(0, nanos / 1000), now: now)
            if let hostsSeen { s.hostsSeen = hostsSeen }
            if let since = s.downSince { s.closedNanos += now - since }
            s.downSince = nil
            s.reachable = true
        }
    }

    /// A store call failed or timed out; true when this starts a fail-closed period.
    @discardableResult
    func unavailable(now: Int64) -> Bool {
        state.withLock { s in
            s.reachable = false
            guard s.downSince == nil else { return false }
            s.downSince = now
            s.periods += 1
            return true
        }
    }

    /// Whether to call the store now: always while it answers; once per `interval` while it
    /// does not, so a paused store does not collect a backlog of abandoned calls.
    func shouldCall(now: Int64, interval: Duration) -> Bool {
        state.withLock { s in
            guard !s.reachable else { return true }
            if let last = s.lastProbe, now - last < interval.nanoseconds { return false }
            s.lastProbe = now
            return true
        }
    }

    /// An acquire was refused for want of the store.
    func refused() { state.withLock { $0.refused += 1 } }

    func status(store: String, account: String, reserveInUse: Int, now: Int64) -> SharedStoreStatus {
        state.withLock { s in
            let rtt = s.roundTrips.percentiles(now: now, [50, 95, 99])
            let open = s.downSince.map { now - $0 } ?? 0
            return SharedStoreStatus(
                store: store, account: account, reachable: s.reachable,
                roundTripMs: Percentiles(p50: rtt[0], p95: rtt[1], p99: rtt[2]), hostsSeen: s.hostsSeen,
                reserveInUse: reserveInUse, failClosedPeriods: s.periods,
                failClosedS: Double(s.closedNanos + open) / 1e9, refusedTotal: s.refused)
        }
    }
}
