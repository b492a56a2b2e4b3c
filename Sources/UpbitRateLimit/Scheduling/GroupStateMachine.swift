import DequeModule
import HeapModule

/// How a waiting caller is woken.
enum WaiterWake: Sendable {
    /// The caller holds a permit.
    case granted(Permit)
    /// The caller gets an error (timeout, 418 block, circuit open, cancellation).
    case failed(any Error)
    /// The caller is now at the head of the queue and drives the group: it sleeps on the
    /// clock until the next release and grants itself and those behind it.
    case drive
}

/// Everything one group decides, as a synchronous state machine returning actions.
///
/// FIFO waiters live in a queue. Waiting tasks suspend on a continuation, except the
/// *sleepers*: waiters whose own task sleeps on the clock until the next release or the
/// earliest deadline, then calls ``step(driver:now:)`` to release and expire others. One
/// sleeper usually suffices; a newcomer whose deadline comes before every sleeper's wake
/// sleeps itself. No background task takes part, so no waiter depends on one being alive.
struct GroupStateMachine: Sendable {
    struct Waiter: Sendable {
        let enqueuedAt: Int64
        let deadline: Int64
        let correlationID: String?
        /// The lease of the permit, nanoseconds (nil: not leased).
        let lease: Int64?
    }
    struct DeadlineKey: Comparable, Sendable {
        let deadline: Int64
        let id: UInt64
        static func < (a: Self, b: Self) -> Bool { (a.deadline, a.id) < (b.deadline, b.id) }
    }

    enum AcquireAction: Sendable {
        case granted(Permit)
        case failed(RateLimitError)
        case enqueued(id: UInt64, drive: Bool)
    }

    enum DriverOutcome: Sendable {
        /// The caller is finished (granted, expired, failed).
        case done(WaiterWake)
        /// The caller sleeps on the clock until this instant, then steps again.
        case sleep(until: Int64)
        /// Another sleeper covers the group: the caller waits for its wake-up call.
        case wait
    }

    struct Step: Sendable {
        var resumes: [(UInt64, WaiterWake)] = []
        var own: DriverOutcome = .sleep(until: .max)
    }

    let group: GroupID
    let scope: LimitScope
    var scheduler: WindowScheduler
    var adaptive: AdaptiveRate
    var circuit: CircuitBreaker
    /// Emergency factor applied on top of the adaptive ratio (1 = off).
    private(set) var emergencyFactor: Double = 1
    private(set) var emergencyUntil: Int64 = .max
    /// After a 418: no admission before this instant.
    private(set) var blockedUntil: Int64 = .min
    /// The longest a driver sleeps before looking again (rate changes, holds lifted).
    let maxNap: Int64

    private var queue: Deque<UInt64> = []
    private var waiters: [UInt64: Waiter] = [:]
    private var deadlines = Heap<DeadlineKey>()
    private var nextID: UInt64 = 0
    /// Waiters whose own task sleeps on the clock, with the instant each will wake.
    private(set) var sleepers: [UInt64: Int64] = [:]
    private var headSince: Int64 = 0

    var counters = GroupCounters()
    var waits: RollingHistogram
    var drift: RollingHistogram
    private(set) var events: [LimiterEvent.Kind] = []

    init(group: LimitGroup, marginNanos: Int64, adaptive: AdaptiveRate.Policy, circuit: CircuitBreaker.Policy,
         maxNap: Int64, percentilePeriod: Int64) {
        self.group = group.name
        self.scope = group.scope
        scheduler = WindowScheduler(windows: group.windows, marginNanos: marginNanos)
        self.adaptive = AdaptiveRate(policy: adaptive)
        self.circuit = CircuitBreaker(policy: circuit)
        self.maxNap = max(1_000_000, maxNap)
        waits = RollingHistogram(period: percentilePeriod)
        drift = RollingHistogram(period: percentilePeriod)
    }

    /// Callers waiting now.
    var queueDepth: Int { waiters.count }

    // MARK: Admission

    /// A permit now if the queue is empty and a release is allowed, else nil (never waits).
    mutating func tryAcquire(now: Int64, correlationID: String?, lease: Int64? = nil) -> Permit? {
        refresh(now: now)
        guard waiters.isEmpty, gate(now: now) == nil, scheduler.earliestRelease(now: now) <= now else { return nil }
        return release(now: now, enqueuedAt: now, correlationID: correlationID, lease: lease)
    }

    /// Grants at once, fails at once, or enqueues the caller (who drives when first in line).
    mutating func acquire(now: Int64, deadline: Int64, correlationID: String?, lease: Int64? = nil) -> AcquireAction {
        refresh(now: now)
        if let refusal = gate(now: now) {
            counters.rejected += 1
            return .failed(refusal)
        }
        if waiters.isEmpty, scheduler.earliestRelease(now: now) <= now {
            return .granted(release(now: now, enqueuedAt: now, correlationID: correlationID, lease: lease))
        }
        guard deadline > now else {
            counters.timeouts += 1
            return .failed(.timeout(group))
        }
        nextID &+= 1
        let id = nextID
        queue.append(id)
        waiters[id] = Waiter(enqueuedAt: now, deadline: deadline, correlationID: correlationID, lease: lease)
        if deadline != .max { deadlines.insert(DeadlineKey(deadline: deadline, id: id)) }
        if waiters.count == 1 { headSince = now }
        // A sleeper must wake by this waiter's deadline; if none will, the waiter sleeps itself.
        guard !sleepers.values.contains(where: { $0 <= deadline }) else { return .enqueued(id: id, drive: false) }
        sleepers[id] = .min
        return .enqueued(id: id, drive: true)
    }

    /// Whether admission is open at `now`, without counting a circuit probe.
    private func gate(peekAt now: Int64) -> Bool {
        now >= blockedUntil && (circuit.state != .open || now >= circuit.openUntil)
    }

    private mutating func gate(now: Int64) -> RateLimitError? {
        if now < blockedUntil { return .blocked(group, retryAfter: .nanoseconds(blockedUntil.subtractingSaturating(now))) }
        if let wait = circuit.admit(now: now) { return .circuitOpen(group, retryAfter: .nanoseconds(wait)) }
        return nil
    }

    private mutating func release(now: Int64, enqueuedAt: Int64, correlationID: String?, lease: Int64?) -> Permit {
        let reportBy = lease.map { now.addingSaturating(max(0, $0)) }
        let leaseID = scheduler.recordRelease(at: now, reportBy: reportBy)
        circuit.recordProbe(now: now)
        counters.granted += 1
        waits.record(micros: (now - enqueuedAt) / 1000, now: now)
        return Permit(group: group, waitedNanos: now - enqueuedAt, releasedAt: now, correlationID: correlationID,
                      reportBy: reportBy, leaseID: leaseID)
    }

    // MARK: Driving

    /// Called by a sleeper when it wakes: expires due waiters, grants every waiter that may
    /// go now in FIFO order, then plans the caller's next wake, sends it back to waiting
    /// when another sleeper already covers that instant, and recruits a sleeper when none
    /// covers the next release or deadline.
    mutating func step(driver id: UInt64, now: Int64) -> Step {
        refresh(now: now)
        var step = Step()
        while let top = deadlines.min, top.deadline <= now {
            deadlines.removeMin()
            guard waiters.removeValue(forKey: top.id) != nil else { continue }
            counters.timeouts += 1
            sleepers[top.id] = nil
            record(&step, top.id, .failed(RateLimitError.timeout(group)), caller: id)
        }
        while let head = liveHead() {
            let eligible = scheduler.earliestRelease(now: .min)
            guard eligible <= now, gate(now: now) == nil else { break }
            let waiter = waiters.removeValue(forKey: head)!
            queue.removeFirst()
            sleepers[head] = nil
            drift.record(micros: (now - max(eligible, headSince)) / 1000, now: now)
            headSince = now
            record(&step, head, .granted(release(now: now, enqueuedAt: waiter.enqueuedAt,
                                                  correlationID: waiter.correlationID, lease: waiter.lease)),
                   caller: id)
        }
        compactDeadlines()
        let target = nextWake(now: now)
        if case .done = step.own {
            sleepers[id] = nil
        } else if waiters[id] == nil {
            sleepers[id] = nil
            step.own = .done(.failed(CancellationError()))
        } else if sleepers.contains(where: { $0.key != id && $0.value <= target }) {
            sleepers[id] = nil
            step.own = .wait
        } else {
            sleepers[id] = target
            step.own = .sleep(until: target)
        }
        recruit(now: now, into: &step)
        return step
    }

    /// When the group must next be looked at: the next release (or the end of a 418 block or
    /// open circuit), the earliest deadline, the next recovery step or end of emergency mode
    /// (either may bring the next release forward), at the latest `maxNap` from now.
    private func nextWake(now: Int64) -> Int64 {
        let release = gate(peekAt: now) ? scheduler.earliestRelease(now: now) : max(blockedUntil, circuit.openUntil)
        let rateChange = min(adaptive.nextStepAt, emergencyUntil)
        return max(now, min(release, deadlines.min?.deadline ?? .max, rateChange, now.addingSaturating(maxNap)))
    }

    private func record(_ step: inout Step, _ id: UInt64, _ wake: WaiterWake, caller: UInt64) {
        if id == caller { step.own = .done(wake) } else { step.resumes.append((id, wake)) }
    }

    private mutating func liveHead() -> UInt64? {
        while let head = queue.first {
            if waiters[head] != nil { return head }
            queue.removeFirst()
        }
        return nil
    }

    /// Makes sure some sleeper wakes by the next release or deadline: when none does, the
    /// head (or, if it already sleeps, the earliest-deadline waiter) is told to drive.
    private mutating func recruit(now: Int64, into step: inout Step) {
        guard let head = liveHead() else { return }
        headSince = max(headSince, now)
        let target = nextWake(now: now)
        guard !sleepers.values.contains(where: { $0 <= target }) else { return }
        var pick = head
        if sleepers[head] != nil {
            guard let key = deadlines.unordered.filter({ waiters[$0.id] != nil && sleepers[$0.id] == nil }).min()
            else { return }
            pick = key.id
        }
        sleepers[pick] = .min
        step.resumes.append((pick, .drive))
    }

    /// Removes a cancelled waiter; returns whether it was waiting and the resumes to perform.
    mutating func cancel(id: UInt64, now: Int64) -> (wasWaiting: Bool, resumes: [(UInt64, WaiterWake)]) {
        guard waiters.removeValue(forKey: id) != nil else { return (false, []) }
        counters.cancelled += 1
        sleepers[id] = nil
        var step = Step()
        recruit(now: now, into: &step)
        return (true, step.resumes)
    }

    /// Fails every waiter with `error` (a 418 block, shutdown) and clears the queue.
    mutating func failAll(_ error: RateLimitError) -> [(UInt64, WaiterWake)] {
        let failed = queue.filter { waiters[$0] != nil }.map { ($0, WaiterWake.failed(error)) }
        counters.rejected += UInt64(failed.count)
        queue.removeAll()
        waiters.removeAll()
        deadlines = Heap()
        sleepers.removeAll()
        return failed
    }

    private mutating func compactDeadlines() {
        while let top = deadlines.min, waiters[top.id] == nil { deadlines.removeMin() }
        guard deadlines.count > 2 * waiters.count + 64 else { return }
        deadlines = Heap(deadlines.unordered.filter { waiters[$0.id] != nil })
    }

    // MARK: Rate, holds and blocks

    /// Applies recovery steps that are due and settles expired leases.
    mutating func refresh(now: Int64) {
        scheduler.expireLeases(now: now)
        if now >= emergencyUntil { setEmergency(factor: 1, until: .max) }
        guard now >= adaptive.nextStepAt else { return }
        if case .recovered(let from, let to) = adaptive.advance(now: now) {
            applyRatio()
            events.append(.recoveryStep(from: from, to: to))
        }
    }

    mutating func applyRatio() {
        scheduler.applyRatio(adaptive.ratio * emergencyFactor)
    }

    /// Scales the rate by `factor` until `until` (`.max`: until switched off); 1 switches off.
    mutating func setEmergency(factor: Double, until: Int64) {
        emergencyFactor = factor
        emergencyUntil = factor == 1 ? .max : until
        applyRatio()
    }

    /// A 429 at `now` for a request released at `releasedAt` (nil: unknown): cuts the rate when
    /// it is new evidence of overload (see ``AdaptiveRate/record429(now:releasedAt:evidenceWindow:)``),
    /// and always holds the group for one window.
    mutating func record429(now: Int64, releasedAt: Int64?) {
        counters.errors429 += 1
        note(.tooManyRequests)
        if case .cut(let from, let to) = adaptive.record429(now: now, releasedAt: releasedAt,
                                                            evidenceWindow: scheduler.primaryLength) {
            applyRatio()
            note(.rateCut(from: from, to: to))
        }
        scheduler.hold(until: now.addingSaturating(scheduler.primaryLength))
    }

    /// Blocks admission until `until`, failing the queue; returns the waiters to fail.
    mutating func block(until: Int64, now: Int64) -> [(UInt64, WaiterWake)] {
        blockedUntil = max(blockedUntil, until)
        return failAll(.blocked(group, retryAfter: .nanoseconds(blockedUntil.subtractingSaturating(now))))
    }

    /// Switches to new published windows without dropping a waiter or forgetting releases.
    mutating func reconfigure(windows: [LimitWindow]) {
        scheduler = scheduler.reconfigured(windows: windows)
    }

    /// Back to full rate, no streak, no hold or block (operator command).
    mutating func resetRecovery() {
        adaptive.reset()
        scheduler.clearHold()
        blockedUntil = .min
        circuit.reset()
        applyRatio()
    }

    mutating func drainEvents() -> [LimiterEvent.Kind] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    mutating func note(_ event: LimiterEvent.Kind) { events.append(event) }
}

/// Monotonic counters of one group.
struct GroupCounters: Sendable {
    var granted: UInt64 = 0
    var timeouts: UInt64 = 0
    var cancelled: UInt64 = 0
    var abandoned: UInt64 = 0
    var rejected: UInt64 = 0
    var errors429: UInt64 = 0
    var errors418: UInt64 = 0
    var unmapped: UInt64 = 0
    var malformedHeaders: UInt64 = 0
    var failures: UInt64 = 0
    var lastRemainingSec: Int?
}
