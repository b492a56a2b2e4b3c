import Logging
import Synchronization

/// Runs named background tasks, restarts dead or stalled ones with exponential backoff.
///
/// Each task is a closure that beats a ``Heartbeat``. A task that returns, throws, or is
/// cancelled by a fault is *dead*; one with no beat for its stall timeout is *stalled* and
/// is cancelled. Either way it is started again after `backoffBase · 2^(n-1)` (at most
/// `backoffMax`), where `n` counts failures in a row; a task that then runs healthy for
/// `healthyAfter` starts counting from zero again. When no check at all ran for longer
/// than the stall timeout (the process was paused, or a test clock jumped), the tasks get
/// a fresh stall window instead of all being declared stalled.
///
/// The supervising loop is itself the task named ``monitorName``: it checks every other
/// task, while the task named ``watchdogName`` checks only the loop — so whichever of
/// the two is alive restarts the other. ``ensureMonitor()`` does the watchdog's check
/// from outside (``LimiterRuntime/status(source:)`` calls it on every frame).
public final class Supervisor: Sendable {
    /// The name of the supervising loop in ``tasks()``.
    public static let monitorName = "supervisor"
    /// The name of the task that watches the supervising loop.
    public static let watchdogName = "watchdog"

    /// The body of a supervised task.
    public typealias Body = @Sendable (Heartbeat) async throws -> Void

    struct Entry: Sendable {
        let body: Body
        let stallNanos: Int64
        var generation: UInt64 = 0
        var task: Task<Void, Never>?
        var alive = false
        var startedAt: Int64 = 0
        var lastBeat: Int64 = 0
        var restarts = 0
        var failuresInARow = 0
        var restartAt: Int64? = 0
        var lastError: String?
        var stalledGeneration: UInt64?
    }

    struct State: Sendable {
        var order: [String] = []
        var entries: [String: Entry] = [:]
        var running = false
        /// When any check last ran: a longer gap than a stall timeout is a pause of the
        /// whole process or a clock jump, not a stall of every task.
        var lastCheck: Int64?
    }

    let clock: any LimiterClock
    let configuration: SupervisorConfiguration
    let state = Mutex(State())
    let onEvent: @Sendable (SupervisorEvent) -> Void
    let logger: Logger

    /// A supervisor on `clock`; `onEvent` hears of every death, stall and restart.
    public init(clock: any LimiterClock, configuration: SupervisorConfiguration = .init(),
                logger: Logger = Logger(label: "upbit.ratelimit.supervisor"),
                onEvent: @escaping @Sendable (SupervisorEvent) -> Void = { _ in }) {
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        self.onEvent = onEvent
        let beat = max(1, configuration.checkInterval.nanoseconds)
        // Weak: a task must never keep a discarded supervisor alive, nor touch one that is gone.
        add(Self.monitorName) { [weak self] heartbeat in try await self?.monitor(heartbeat) }
        add(Self.watchdogName) { [weak self] heartbeat in
            while true {
                guard let self else { return }
                let now = heartbeat.now
                let nextRestart = self.check(now: now, only: [Self.monitorName])
                try await heartbeat.sleep(until: min(now + beat, max(now + 1, nextRestart)))
            }
        }
    }

    /// Registers a task; it starts with ``run()`` (or at once when already running).
    ///
    /// `stallTimeout` (default: the configuration's) is the longest the task may go
    /// without a beat. Adding a name twice replaces nothing and is ignored.
    public func add(_ name: String, stallTimeout: Duration? = nil, body: @escaping Body) {
        let stall = max(1, (stallTimeout ?? configuration.stallTimeout).nanoseconds)
        let start = state.withLock { s -> Bool in
            guard s.entries[name] == nil else { return false }
            s.order.append(name)
            s.entries[name] = Entry(body: body, stallNanos: stall)
            return s.running
        }
        if start { check(now: clock.now(), only: [name]) }
    }

    /// Starts every task and supervises them until the calling task is cancelled; then
    /// cancels them all.
    public func run() async {
        state.withLock { $0.running = true }
        ensureMonitor()
        try? await clock.sleepUntilCancelled()
        stop()
    }

    /// Cancels every task; nothing is restarted until ``run()`` is called again.
    public func stop() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.running = false
            return s.order.compactMap { name in
                defer {
                    s.entries[name]?.task = nil
                    s.entries[name]?.alive = false
                    s.entries[name]?.restartAt = 0   // a later run() starts it at once
                }
                return s.entries[name]?.task
            }
        }
        for task in tasks { task.cancel() }
    }

    /// Restarts the supervising loop if it is dead or stalled (the watchdog's check).
    public func ensureMonitor() { check(now: clock.now(), only: [Self.monitorName]) }

    /// Injects `fault` into the task named `name`; false when there is no such task.
    @discardableResult
    public func inject(_ fault: SupervisorFault, into name: String) -> Bool {
        let task = state.withLock { s -> Task<Void, Never>?? in
            guard let entry = s.entries[name] else { return .none }
            switch fault {
            case .kill: return .some(entry.task)
            case .stall:
                s.entries[name]!.stalledGeneration = entry.generation
                return .some(nil)
            }
        }
        guard let task else { return false }
        task?.cancel()
        return true
    }

    /// Every task's state, in registration order, the supervising loop first.
    public func tasks() -> [SupervisedTaskStatus] {
        state.withLock { s in
            s.order.map { name in
                let e = s.entries[name]!
                return SupervisedTaskStatus(name: name, alive: e.alive, restarts: e.restarts,
                                            failuresInARow: e.failuresInARow, lastBeat: e.lastBeat,
                                            restartAt: e.alive ? nil : e.restartAt, lastError: e.lastError)
            }
        }
    }

    // MARK: Supervising

    private func monitor(_ heartbeat: Heartbeat) async throws {
        let interval = max(1, configuration.checkInterval.nanoseconds)
        while true {
            let now = clock.now()
            let nextRestart = check(now: now, only: nil)
            try await heartbeat.sleep(until: min(now + interval, max(now + 1, nextRestart)))
        }
    }

    func isStalled(_ name: String, generation: UInt64) -> Bool {
        state.withLock { $0.entries[name]?.stalledGeneration == generation }
    }

    func noteBeat(_ name: String, generation: UInt64) {
        let now = clock.now()
        state.withLock { s in
            guard var e = s.entries[name], e.generation == generation, e.alive else { return }
            e.lastBeat = now
            if e.failuresInARow > 0, now - e.startedAt >= configuration.healthyAfter.nanoseconds { e.failuresInARow = 0 }
            s.entries[name] = e
        }
    }
}
