@testable import UpbitRateLimit

/// A discrete-event run of one `GroupStateMachine`, driving it exactly as `GroupLimiter`
/// does (the head waiter steps, then sleeps until the instant the step names), with no
/// tasks and no clock: every outcome is a pure function of the input.
struct MachineSimulation {
    struct Arrival {
        var at: Int64
        var timeout: Int64
        var cancelAfter: Int64?
        /// When and how the granted request reaches the server.
        var trip = Trip()
    }
    /// A granted request's trip: it reaches the server `serverDelay` after its release; a
    /// leased one (`lease` given) is answered `answerDelay` later (nil: never reported) and that
    /// answer is reported `reportDelay` after it came (stating when it came), or, with
    /// `unsentAfter`, is never sent and released unsent that long after its release.
    struct Trip {
        var serverDelay: Int64 = 0
        var lease: Int64?
        var answerDelay: Int64?
        var unsentAfter: Int64?
        var reportDelay: Int64 = 0
    }
    /// A granted request: its release, its arrival at the server (nil: never sent) and the
    /// windows in force when it was released.
    struct Grant {
        var release: Int64
        var arrival: Int64?
        var windows: [LimitWindow]
    }
    enum Outcome: Equatable {
        case granted(at: Int64)
        case timedOut(at: Int64)
        case cancelled(at: Int64)
        case failed(at: Int64)
    }
    /// An external event at an instant: a rate change or a server report.
    enum Intervention {
        case ratio(Double)
        case remaining(Int)
        case tooMany
        case block(Int64)
        /// A live reload to these windows.
        case reload([LimitWindow])
    }

    var machine: GroupStateMachine
    var outcomes: [Int: Outcome] = [:]
    var releases: [Int64] = []
    /// When each granted request reached the server.
    var serverArrivals: [Int64] = []
    /// Every grant in grant order.
    var grants: [Grant] = []
    private var trips: [Int: Trip] = [:]
    /// Lease closings due: answered at `answeredAt` (`unsent` false) or released unsent.
    private var reports: [(at: Int64, permit: Permit, unsent: Bool, answeredAt: Int64)] = []
    private var ids: [UInt64: Int] = [:]
    private var sleepers: [UInt64: Int64] = [:]

    init(group: LimitGroup, marginNanos: Int64, maxNap: Int64 = 50_000_000, adaptive: AdaptiveRate.Policy = .init()) {
        machine = GroupStateMachine(group: group, marginNanos: marginNanos, adaptive: adaptive, circuit: .init(),
                                    maxNap: maxNap, percentilePeriod: 10_000_000_000)
    }

    /// Runs every arrival (sorted by `at`) and intervention until all waiters are resolved.
    mutating func run(_ arrivals: [Arrival], interventions: [(at: Int64, Intervention)] = []) {
        var pending = arrivals.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }[...]
        var cancels: [(at: Int64, index: Int)] = []
        var actions = interventions.sorted { $0.at < $1.at }[...]
        while true {
            let nextArrival = pending.first?.element.at ?? .max
            let nextCancel = cancels.min { $0.at < $1.at }?.at ?? .max
            let nextAction = actions.first?.at ?? .max
            let nextWake = sleepers.values.min() ?? .max
            let nextReport = reports.min { $0.at < $1.at }?.at ?? .max
            let now = min(nextArrival, nextCancel, nextAction, nextWake, nextReport)
            if now == .max { return }
            if nextReport == now, let i = reports.firstIndex(where: { $0.at == now }) {
                let report = reports.remove(at: i)
                // As `GroupLimiter`: sleepers look again when a release may come sooner.
                let (id, bound) = (report.permit.leaseID!, report.permit.reportBy!)
                let sooner = report.unsent ? machine.scheduler.releaseUnsent(id, now: now)
                    : machine.scheduler.closeLease(id, reportBy: bound, answeredAt: report.answeredAt, at: now)
                if sooner {
                    for id in sleepers.keys { sleepers[id] = now }
                }
            } else if nextAction == now, let (_, action) = actions.popFirst() {
                apply(action, now: now)
            } else if nextCancel == now, let i = cancels.firstIndex(where: { $0.at == now }) {
                let index = cancels.remove(at: i).index
                if let id = ids.first(where: { $0.value == index })?.key, outcomes[index] == nil {
                    let (was, resumes) = machine.cancel(id: id, now: now)
                    if was { outcomes[index] = .cancelled(at: now) }
                    sleepers[id] = nil
                    handle(resumes, now: now)
                }
            } else if nextArrival == now, let (index, arrival) = pending.popFirst() {
                trips[index] = arrival.trip
                switch machine.acquire(now: now, deadline: now + arrival.timeout, correlationID: nil,
                                       lease: arrival.trip.lease) {
                case .granted(let permit):
                    grant(index, permit)
                case .failed(let error):
                    outcomes[index] = error.code == .timeout ? .timedOut(at: now) : .failed(at: now)
                case .enqueued(let id, let drive):
                    ids[id] = index
                    if let after = arrival.cancelAfter { cancels.append((now + after, index)) }
                    if drive { step(id, now: now) }
                }
            } else if let id = sleepers.first(where: { $0.value == now })?.key {
                sleepers[id] = nil
                step(id, now: now)
            }
        }
    }

    private mutating func apply(_ action: Intervention, now: Int64) {
        switch action {
        case .ratio(let r):
            machine.adaptive = AdaptiveRate()
            machine.setEmergency(factor: r, until: .max)
        case .remaining(let sec):
            machine.scheduler.absorbServerRemaining(sec, now: now)
        case .tooMany:
            machine.record429(now: now, releasedAt: nil)
        case .block(let length):
            let failed = machine.block(until: now + length, now: now)
            handle(failed, now: now)
        case .reload(let windows):
            machine.reconfigure(windows: windows)
            for id in sleepers.keys { sleepers[id] = now }
        }
    }

    private mutating func step(_ id: UInt64, now: Int64) {
        let step = machine.step(driver: id, now: now)
        switch step.own {
        case .done(let wake): resolve(id, wake, now: now)
        case .sleep(let until): sleepers[id] = until
        case .wait: break
        }
        handle(step.resumes, now: now)
    }

    private mutating func handle(_ resumes: [(UInt64, WaiterWake)], now: Int64) {
        for (id, wake) in resumes {
            if case .drive = wake { step(id, now: now) } else { resolve(id, wake, now: now) }
        }
    }

    private mutating func grant(_ index: Int, _ permit: Permit) {
        outcomes[index] = .granted(at: permit.releasedAt)
        releases.append(permit.releasedAt)
        let trip = trips[index] ?? Trip()
        let sent = trip.unsentAfter == nil || permit.reportBy == nil
        if sent { serverArrivals.append(permit.releasedAt + trip.serverDelay) }
        grants.append(Grant(release: permit.releasedAt, arrival: sent ? permit.releasedAt + trip.serverDelay : nil,
                            windows: machine.scheduler.publishedWindows))
        if permit.reportBy != nil, let after = trip.unsentAfter {
            reports.append((permit.releasedAt + after, permit, true, permit.releasedAt + after))
        } else if permit.reportBy != nil, let answer = trip.answerDelay {
            let answered = permit.releasedAt + trip.serverDelay + answer
            reports.append((answered + trip.reportDelay, permit, false, answered))
        }
    }

    private mutating func resolve(_ id: UInt64, _ wake: WaiterWake, now: Int64) {
        guard let index = ids[id] else { return }
        switch wake {
        case .granted(let permit):
            grant(index, permit)
        case .failed(let error as RateLimitError) where error.code == .timeout:
            outcomes[index] = .timedOut(at: now)
        case .failed:
            if outcomes[index] == nil { outcomes[index] = .failed(at: now) }
        case .drive:
            break
        }
    }

    /// Grants that broke the window invariant as the server counts: for each grant `r` and each
    /// window `N` per `W` in force at its release, at most `N` of the requests released up to `r`
    /// reach the server after `release(r) − W` (docs/ARCHITECTURE.md; with no change of windows
    /// this is "at most N in any interval of W" on server arrival instants).
    func serverViolations() -> [(grant: Int, window: LimitWindow)] {
        var found: [(Int, LimitWindow)] = []
        for (i, grant) in grants.enumerated() {
            for window in grant.windows {
                let since = grant.release - Nanos.from(seconds: window.seconds)
                let seen = grants[...i].count { $0.arrival.map { $0 > since } ?? false }
                if seen > window.limit { found.append((i, window)) }
            }
        }
        return found
    }
}
