import HeapModule
import Synchronization
import UpbitRateLimit

/// A clock that only moves when a test says so.
///
/// `advance(by:)` moves time forward and resumes every sleeper whose deadline has come,
/// earliest first. Cancelling a sleeping task resumes it at once with `CancellationError`.
public final class ManualClock: LimiterClock {
    private struct Sleeper: Comparable {
        let deadline: Int64
        let id: UInt64
        static func < (a: Sleeper, b: Sleeper) -> Bool { (a.deadline, a.id) < (b.deadline, b.id) }
        static func == (a: Sleeper, b: Sleeper) -> Bool { a.id == b.id }
    }
    private struct State {
        var now: Int64
        var nextID: UInt64 = 0
        var heap = Heap<Sleeper>()
        var continuations: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var cancelledBeforeSuspend: Set<UInt64> = []
    }
    private let state: Mutex<State>
    private let wallOrigin: Double

    /// Creates a clock at `start` nanoseconds whose origin is the unix time `wallOrigin`.
    public init(start: Int64 = 0, wallOrigin: Double = 1_795_000_000) {
        state = Mutex(State(now: start))
        self.wallOrigin = wallOrigin
    }

    public func now() -> Int64 { state.withLock { $0.now } }

    public func wallTime(at instant: Int64) -> Double { wallOrigin + Double(instant) / 1e9 }

    /// The number of tasks sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.continuations.count } }

    /// The earliest deadline of any sleeper.
    public var nextDeadline: Int64? {
        state.withLock { s in
            while let top = s.heap.min, s.continuations[top.id] == nil { _ = s.heap.popMin() }
            return s.heap.min?.deadline
        }
    }

    public func sleep(until deadline: Int64) async throws {
        let id = state.withLock { s -> UInt64 in s.nextID += 1; return s.nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Result<Void, any Error>? = state.withLock { s in
                    if s.cancelledBeforeSuspend.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= s.now { return .success(()) }
                    s.continuations[id] = continuation
                    s.heap.insert(Sleeper(deadline: deadline, id: id))
                    return nil
                }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            let continuation = state.withLock { s in
                if let c = s.continuations.removeValue(forKey: id) { return Optional(c) }
                s.cancelledBeforeSuspend.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward by `nanos` and wakes every sleeper whose deadline has passed.
    public func advance(byNanos nanos: Int64) {
        advance(toNanos: now() + nanos)
    }

    /// Moves time forward by `duration`.
    public func advance(by duration: Duration) { advance(byNanos: duration.nanoseconds) }

    /// Moves time to `instant` (never backwards) and wakes the due sleepers, earliest first.
    public func advance(toNanos instant: Int64) {
        let due = state.withLock { s -> [CheckedContinuation<Void, any Error>] in
            s.now = max(s.now, instant)
            var due: [CheckedContinuation<Void, any Error>] = []
            while let top = s.heap.min, top.deadline <= s.now {
                _ = s.heap.popMin()
                if let c = s.continuations.removeValue(forKey: top.id) { due.append(c) }
            }
            return due
        }
        for continuation in due { continuation.resume() }
    }
}
