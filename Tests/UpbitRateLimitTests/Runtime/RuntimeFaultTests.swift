import Synchronization
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Waiters never depend on a background task: kill each in turn while 1,000 wait.
@Suite struct RuntimeFaultTests {
    enum Outcome: Sendable { case granted(at: Int64), timedOut(at: Int64), other(String) }
    final class Outcomes: Sendable {
        let entries = Mutex<[Int: (deadline: Int64, outcome: Outcome)]>([:])
        func record(_ i: Int, deadline: Int64, _ outcome: Outcome) { entries.withLock { $0[i] = (deadline, outcome) } }
        var count: Int { entries.withLock { $0.count } }
        var all: [Int: (deadline: Int64, outcome: Outcome)] { entries.withLock { $0 } }
    }

    @Test func killingEachTaskInTurnWhileAThousandWaitLosesNoWaiter() async {
        let h = await RuntimeHarness.start(RuntimeConfiguration(configPath: nil))
        let limiter = h.limiter
        while limiter.tryAcquire(group: .ticker) != nil {}
        let outcomes = Outcomes()
        let start = h.clock.now()
        let waiters = (0..<1000).map { i in
            Task {
                let timeout = Int64(20 + i % 15) * 1_000_000_000
                let outcome: Outcome
                do {
                    outcome = .granted(at: try await limiter.acquire(group: .ticker, timeout: .nanoseconds(timeout)).releasedAt)
                } catch let error as RateLimitError where error.code == .timeout {
                    outcome = .timedOut(at: h.clock.now())
                } catch {
                    outcome = .other("\(error)")
                }
                outcomes.record(i, deadline: start + timeout, outcome)
            }
        }
        await h.clock.settle(until: { limiter.queueDepth(of: .ticker) == 1000 })
        for name in h.runtime.supervisor.tasks().map(\.name) {
            let killedAt = h.clock.now()
            h.runtime.supervisor.inject(.kill, into: name)
            await h.clock.settle(until: { h.task(name)?.alive == false })
            // The supervisor's decision, independent of how fast the test observes it.
            #expect(h.task(name)!.restartAt! - killedAt <= 1_000_000_000, "\(name) restarts within 1 s")
            await h.clock.run(until: { h.task(name)?.alive == true }, limit: .seconds(5))
            #expect(h.runtime.status().tasks.first { $0.name == name }?.restarts == 1, "\(name) restart in the status")
        }
        await h.clock.run(until: { outcomes.count == 1000 }, limit: .seconds(60))
        for waiter in waiters { await waiter.value }
        let all = outcomes.all
        #expect(all.count == 1000)
        var granted = 0
        var lateness: Int64 = 0
        for (i, entry) in all {
            switch entry.outcome {
            case .granted(let at):
                granted += 1
                #expect(at <= entry.deadline, "waiter \(i) granted after its deadline")
            case .timedOut(let at):
                #expect(at >= entry.deadline, "waiter \(i) timed out before its deadline")
                lateness = max(lateness, at - entry.deadline)
            case .other(let error):
                Issue.record("waiter \(i) failed with \(error)")
            }
        }
        // Seen from the waiter's own task: the test clock keeps moving while 1,000 resumed tasks
        // catch up on 2 cores, so this bounds the harness as much as the limiter (whose expiry
        // decision is exact: see SchedulerPropertyTests).
        #expect(lateness <= 1_000_000_000, "latest timeout \(lateness) ns after its deadline")
        #expect(granted > 150 && granted < 1000)
        #expect(h.allAlive)
        await h.stop()
    }
}
