import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Deaths, stalls, backoff and the supervisor's own watch, on a ManualClock.
@Suite struct SupervisorTests {
    @Test func aKilledTaskIsBackAfterOneSecondAndCounted() async {
        let h = await RuntimeHarness.start()
        for name in ["frame-publisher", Supervisor.monitorName, Supervisor.watchdogName] {
            let before = h.task(name)!.restarts
            let killedAt = h.clock.now()
            #expect(h.runtime.supervisor.inject(.kill, into: name))
            await h.clock.settle(until: { h.task(name)?.alive == false })
            // The supervisor's decision, independent of how fast the test observes it.
            #expect(h.task(name)!.restartAt! - killedAt <= 1_000_000_000, "\(name) restarts within 1 s")
            await h.clock.run(until: { h.task(name)?.alive == true }, limit: .seconds(5))
            #expect(h.task(name)!.restarts == before + 1)
            #expect(h.runtime.status().tasks.first { $0.name == name }?.restarts == before + 1)
        }
        #expect(h.limiter.status().events.contains { $0.kind == "restart" && $0.message.contains("frame-publisher") })
        await h.stop()
    }

    @Test func aStalledTaskIsCancelledAfterItsStallTimeoutAndRestarted() async {
        let h = await RuntimeHarness.start()
        let stallAt = h.clock.now()
        h.runtime.supervisor.inject(.stall, into: "alert-evaluator")
        await h.clock.run(until: { h.task("alert-evaluator")?.alive == false }, limit: .seconds(10))
        // The evaluator beats every second and is allowed three periods or the 5 s timeout.
        #expect(h.clock.now() - stallAt <= 6_100_000_000)
        #expect(h.task("alert-evaluator")!.lastError?.hasPrefix("stalled") == true)
        await h.clock.run(until: { h.task("alert-evaluator")?.alive == true }, limit: .seconds(2))
        #expect(h.task("alert-evaluator")!.restarts == 1)
        await h.stop()
    }

    @Test func backoffDoublesFromOneToThirtySeconds() {
        let c = SupervisorConfiguration()
        #expect((1...7).map { c.backoff(failures: $0) / 1_000_000_000 } == [1, 2, 4, 8, 16, 30, 30])
        #expect(c.backoff(failures: 500) == 30_000_000_000)
    }

    @Test func tenFailuresInARowRaiseTheP0Alert() async {
        let h = await RuntimeHarness.start()
        for round in 1...10 {
            await h.clock.run(until: { h.task("metrics-sampler")?.alive == true }, limit: .seconds(60))
            h.runtime.supervisor.inject(.kill, into: "metrics-sampler")
            await h.clock.settle(until: { h.task("metrics-sampler")?.failuresInARow == round })
        }
        #expect(h.task("metrics-sampler")!.failuresInARow == 10)
        // Only this rule's P0s: the test process's own memory (> 200 MB when every suite runs at once) may
        // raise the seed's memory_leak_detected P0 too.
        let p0 = h.runtime.alerts.active().filter { $0.level == .p0 && $0.rule == "background_task_failure" }
        #expect(p0.map(\.subject) == ["metrics-sampler"])
        #expect(h.runtime.status().alerts.contains { $0.level == .p0 && $0.rule == "background_task_failure" })
        await h.stop()
    }

    @Test func whenTheSupervisorAndTheWatchdogAreBothDeadTheStatusRevivesThem() async {
        let h = await RuntimeHarness.start()
        h.runtime.supervisor.inject(.kill, into: Supervisor.monitorName)
        h.runtime.supervisor.inject(.kill, into: Supervisor.watchdogName)
        await h.clock.settle(until: { h.task(Supervisor.monitorName)?.alive == false && h.task(Supervisor.watchdogName)?.alive == false })
        h.clock.advance(by: .seconds(1))
        _ = h.runtime.status()   // the third guard: a status read restarts the loop
        await h.clock.run(until: { h.allAlive }, limit: .seconds(3))
        #expect(h.allAlive)
        #expect(h.task(Supervisor.watchdogName)!.restarts == 1)
        await h.stop()
    }

    @Test func aStoppedRuntimeRunsAgain() async {
        let h = await RuntimeHarness.start()
        await h.stop()
        #expect(h.runtime.supervisor.tasks().allSatisfy { !$0.alive })
        let again = Task { await h.runtime.run() }
        await h.clock.settle(until: { h.allAlive })
        #expect(h.allAlive)
        again.cancel()
        await again.value
    }

    @Test func aPauseOfTheWholeProcessIsNotAStallOfEveryTask() async {
        let h = await RuntimeHarness.start()
        h.clock.advance(by: .seconds(60))   // a suspended process, or a clock jump
        await h.clock.run(until: { false }, limit: .seconds(2))
        #expect(h.runtime.supervisor.tasks().allSatisfy { $0.alive && $0.restarts == 0 && $0.failuresInARow == 0 })
        await h.stop()
    }
}
