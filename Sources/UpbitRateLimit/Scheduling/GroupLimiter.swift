import Synchronization
import Tracing

/// One group's state machine behind a mutex, with the waiting callers' continuations.
///
/// The lock is held only for the synchronous state-machine calls; continuations are
/// resumed after it is released.
final class GroupLimiter: Sendable {
    private struct State: Sendable {
        var machine: GroupStateMachine
        var continuations: [UInt64: UnsafeContinuation<WaiterWake, Never>] = [:]
        /// Wakes for waiters that have not suspended yet (or are sleeping on the clock).
        var early: [UInt64: WaiterWake] = [:]
        /// Sleepers' alarms: resumed by their clock timer, or at once when a wake arrives.
        var alarms: [UInt64: UnsafeContinuation<Void, Never>] = [:]
        /// Sleepers whose timer fired before their alarm was set.
        var rung: Set<UInt64> = []

        /// Turns the machine's resumes into continuations to resume outside the lock.
        mutating func route(_ resumes: [(UInt64, WaiterWake)]) -> Ready {
            var ready = Ready()
            for (id, wake) in resumes {
                if let c = continuations.removeValue(forKey: id) {
                    ready.wakes.append((c, wake))
                } else {
                    early[id] = wake
                    if let alarm = alarms.removeValue(forKey: id) { ready.alarms.append(alarm) }
                }
            }
            return ready
        }
    }

    /// Continuations to resume once the lock is released.
    private struct Ready {
        var wakes: [(UnsafeContinuation<WaiterWake, Never>, WaiterWake)] = []
        var alarms: [UnsafeContinuation<Void, Never>] = []
        func resume() {
            for (continuation, wake) in wakes { continuation.resume(returning: wake) }
            for alarm in alarms { alarm.resume() }
        }
    }

    let group: LimitGroup
    private let metrics: GroupMetrics
    private let state: Mutex<State>
    private let clock: any LimiterClock
    /// Where the `upbit.wait` spans go (nil: none).
    private let tracer: (any Tracer)?

    init(group: LimitGroup, configuration: RateLimiterConfiguration, clock: any LimiterClock) {
        self.group = group
        self.clock = clock
        tracer = configuration.tracer
        metrics = GroupMetrics(group: group.name)
        state = Mutex(State(machine: GroupStateMachine(
            group: group, marginNanos: configuration.margin.nanoseconds, adaptive: configuration.adaptive,
            circuit: configuration.circuit, maxNap: configuration.maxNap.nanoseconds,
            percentilePeriod: configuration.percentilePeriod.nanoseconds)))
    }

    /// Runs `body` on the state machine under the lock and resumes the waiters it names.
    func withMachine<R>(_ body: (inout GroupStateMachine) -> (R, [(UInt64, WaiterWake)])) -> R {
        let (result, ready) = state.withLock { s in
            let (result, resumes) = body(&s.machine)
            return (result, s.route(resumes))
        }
        ready.resume()
        return result
    }

    func tryAcquire(correlationID: String?, lease: Int64?) -> Permit? {
        let now = clock.now()
        let permit = state.withLock { $0.machine.tryAcquire(now: now, correlationID: correlationID, lease: lease) }
        if let permit { metrics.record(permit) }
        return permit
    }

    /// Waits for a permit until `timeout` nanoseconds from now; `lease` makes it a leased permit.
    func acquire(timeout: Int64, correlationID: String?, lease: Int64?) async throws -> Permit {
        do {
            let permit = try await waitForPermit(timeout: timeout, correlationID: correlationID, lease: lease)
            metrics.record(permit)
            return permit
        } catch {
            metrics.record(error)
            throw error
        }
    }

    private func waitForPermit(timeout: Int64, correlationID: String?, lease: Int64?) async throws -> Permit {
        let now = clock.now()
        let (deadline, overflow) = now.addingReportingOverflow(timeout)
        let action = state.withLock {
            $0.machine.acquire(now: now, deadline: overflow ? .max : deadline, correlationID: correlationID, lease: lease)
        }
        switch action {
        case .granted(let permit): return permit
        case .failed(let error): throw error
        case .enqueued(let id, let drive):
            let wake = if let tracer {
                await tracer.withSpan(LimiterSpans.wait) { span in
                    span.attributes["upbit.group"] = group.name.rawValue
                    span.attributes["upbit.timeout_ms"] = Double(timeout) / 1e6
                    let wake = await queued(id, drive: drive)
                    if case .failed(let error) = wake { span.recordError(error) }
                    return wake
                }
            } else {
                await queued(id, drive: drive)
            }
            switch wake {
            case .granted(let permit): return permit
            case .failed(let error): throw error
            case .drive: preconditionFailure("a driver returns only a final wake")
            }
        }
    }

    /// Waits in the queue as waiter `id` (its driver at once when `drive`) until granted or failed.
    private func queued(_ id: UInt64, drive: Bool) async -> WaiterWake {
        await withTaskCancellationHandler {
            var wake = drive ? WaiterWake.drive : await suspend(id)
            while case .drive = wake { wake = await self.drive(id) }
            return wake
        } onCancel: {
            cancel(id)
        }
    }

    private func suspend(_ id: UInt64) async -> WaiterWake {
        await withUnsafeContinuation { continuation in
            let early = state.withLock { s -> WaiterWake? in
                if let wake = s.early.removeValue(forKey: id) { return wake }
                s.continuations[id] = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// The sleeper loop: sleep on the clock, wake, step, until this waiter is done or told to wait.
    private func drive(_ id: UInt64) async -> WaiterWake {
        while true {
            let now = clock.now()
            let own: GroupStateMachine.DriverOutcome = withMachine { m in
                let step = m.step(driver: id, now: now)
                return (step.own, step.resumes)
            }
            let next: Int64
            switch own {
            case .done(let wake):
                return state.withLock { $0.early.removeValue(forKey: id) } ?? wake
            case .wait:
                return await suspend(id)
            case .sleep(let until):
                next = until
            }
            await sleep(id, until: next)
            if Task.isCancelled {
                cancel(id)
                return state.withLock { $0.early.removeValue(forKey: id) } ?? .failed(CancellationError())
            }
        }
    }

    /// Sleeps on the clock until `deadline`, or less when a wake for `id` arrives meanwhile.
    /// The timer is a child task of the waiter's own task: nothing outside it must be alive.
    private func sleep(_ id: UInt64, until deadline: Int64) async {
        await withTaskGroup(of: Void.self) { timers in
            timers.addTask { [clock] in
                try? await clock.sleep(until: deadline)
                self.ring(id)
            }
            await withUnsafeContinuation { (alarm: UnsafeContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    guard s.early[id] == nil, s.rung.remove(id) == nil else { return true }
                    s.alarms[id] = alarm
                    return false
                }
                if now { alarm.resume() }
            }
            timers.cancelAll()
        }
        state.withLock { _ = $0.rung.remove(id) }
    }

    private func ring(_ id: UInt64) {
        let alarm = state.withLock { s in
            let alarm = s.alarms.removeValue(forKey: id)
            if alarm == nil { s.rung.insert(id) }
            return alarm
        }
        alarm?.resume()
    }

    /// Closes `permit`'s lease, answered at `answeredAt` (nil: now; the caller, ``RateLimiter/report(_:status:remainingReq:blockFor:answeredAt:)``,
    /// keeps it at or after the release, the scheduler at or before now); sleepers look again when a
    /// release may come sooner.
    func closeLease(of permit: Permit, answeredAt: Int64?) {
        guard let id = permit.leaseID, let reportBy = permit.reportBy else { return }
        let now = clock.now()
        if withMachine({ m in (m.scheduler.closeLease(id, reportBy: reportBy, answeredAt: answeredAt, at: now), []) }) {
            wakeSleepers()
        }
    }

    /// Frees `permit`'s slot at once (its request was never sent); sleepers look again.
    func releaseUnsent(_ permit: Permit) {
        guard let id = permit.leaseID else { return }
        let now = clock.now()
        if withMachine({ m in (m.scheduler.releaseUnsent(id, now: now), []) }) { wakeSleepers() }
    }

    /// Makes every sleeper look at the group again now (after a rate or limit change).
    func wakeSleepers() {
        let alarms = state.withLock { s in
            defer { s.alarms.removeAll() }
            return Array(s.alarms.values)
        }
        for alarm in alarms { alarm.resume() }
    }

    private func cancel(_ id: UInt64) {
        let now = clock.now()
        let ready = state.withLock { s in
            let (wasWaiting, resumes) = s.machine.cancel(id: id, now: now)
            var ready = s.route(resumes)
            if wasWaiting {
                if let c = s.continuations.removeValue(forKey: id) {
                    ready.wakes.append((c, .failed(CancellationError())))
                } else {
                    s.early[id] = .failed(CancellationError())
                }
            }
            return ready
        }
        ready.resume()
    }
}
