import Synchronization
import UpbitRateLimit
import UpbitRateLimitTestKit

extension ManualClock {
    /// Lets tasks run, then moves time on to the next sleeper's deadline but at most by
    /// `quantum` (a task may be about to sleep), until `done()` is true or `limit` of clock
    /// time has passed. Returns the clock time it ended at.
    @discardableResult
    func run(until done: @Sendable () -> Bool, limit: Duration = .seconds(3_600),
             quantum: Duration = .milliseconds(10)) async -> Int64 {
        let end = now() + limit.nanoseconds
        while !done(), now() < end {
            for _ in 0..<40 { await Task.yield() }
            if done() { break }
            advance(toNanos: min(nextDeadline ?? .max, now() + quantum.nanoseconds, end))
        }
        for _ in 0..<40 { await Task.yield() }
        return now()
    }

    /// Lets tasks run without moving time until `done()` is true (bounded: tests never hang).
    func settle(until done: @Sendable () -> Bool) async {
        for _ in 0..<100_000 where !done() { await Task.yield() }
    }
}

/// A thread-safe list of permits, for checking releases after concurrent work.
final class PermitLog: Sendable {
    private let permits = Mutex<[Permit]>([])
    private let failures = Mutex<[any Error]>([])
    func append(_ permit: Permit) { permits.withLock { $0.append(permit) } }
    func fail(_ error: any Error) { failures.withLock { $0.append(error) } }
    var all: [Permit] { permits.withLock { $0 } }
    var errors: [any Error] { failures.withLock { $0 } }
    func releases(of group: GroupID) -> [Int64] { all.filter { $0.group == group }.map(\.releasedAt) }
}


/// A thread-safe flag a task raises when it is finished.
final class Flag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}
