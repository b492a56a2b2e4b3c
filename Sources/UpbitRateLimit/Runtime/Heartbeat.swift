/// The handle a supervised task uses to say it is alive.
///
/// A task calls ``beat()`` at least once per stall timeout, typically once per loop, and
/// sleeps through ``sleep(until:)`` so that a fault injected by a test takes effect at
/// its next beat.
public struct Heartbeat: Sendable {
    let supervisor: Supervisor
    /// The supervised task's name.
    public let name: String
    let generation: UInt64

    /// Records a beat now; throws `CancellationError` once the task is cancelled (killed or
    /// stopped). A task whose stall was injected hangs here until it is cancelled.
    public func beat() async throws {
        try Task.checkCancellation()
        if supervisor.isStalled(name, generation: generation) {
            try await supervisor.clock.sleepUntilCancelled()
        }
        supervisor.noteBeat(name, generation: generation)
    }

    /// Sleeps on the supervisor's clock until `deadline` (nanoseconds), then beats.
    public func sleep(until deadline: Int64) async throws {
        try await supervisor.clock.sleep(until: deadline)
        try await beat()
    }

    /// The supervisor's clock reading, nanoseconds.
    public var now: Int64 { supervisor.clock.now() }
}

/// A fault a test injects into a supervised task.
public enum SupervisorFault: String, Hashable, Sendable, CaseIterable {
    /// Cancel the task at once: it dies as if it had crashed.
    case kill
    /// Make the task hang at its next heartbeat: it stops beating but does not end.
    case stall
}

/// What the supervisor reports as it works (for logs, events and alerts).
public enum SupervisorEvent: Hashable, Sendable {
    /// A task returned, threw or was killed; `failures` in a row so far.
    case died(task: String, reason: String, failures: Int)
    /// A task missed its heartbeat for longer than its stall timeout and was cancelled.
    case stalled(task: String, failures: Int)
    /// A task was started again (`restarts` in total).
    case restarted(task: String, restarts: Int)
}

/// One supervised task's state, with more detail than ``TaskStatus``.
public struct SupervisedTaskStatus: Hashable, Sendable {
    /// The task's name.
    public var name: String
    /// Running and beating in time.
    public var alive: Bool
    /// Restarts since the supervisor started.
    public var restarts: Int
    /// Deaths or stalls without a healthy run in between.
    public var failuresInARow: Int
    /// Clock instant (nanoseconds) of the last heartbeat.
    public var lastBeat: Int64
    /// Clock instant of the next restart while dead.
    public var restartAt: Int64?
    /// Why the task last died.
    public var lastError: String?
}
