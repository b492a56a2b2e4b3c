import LimiterRecording
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

@Suite struct ReplayPlayerTests {
    /// Next update, waiting until the player's loop has gone back to sleep on the clock.
    private func next(_ iterator: inout AsyncStream<StatusUpdate>.Iterator) async -> StatusUpdate? {
        await iterator.next()
    }

    private func settle(_ clock: ManualClock) async {
        for _ in 0..<1_000_000 where clock.sleeperCount == 0 { await Task.yield() }
    }

    private func seq(_ update: StatusUpdate?) -> UInt64? {
        if case .frame(let f) = update { return f.seq }
        return nil
    }

    @Test func playsAtRecordedPaceAndSpeed() async throws {
        let clock = ManualClock()
        let player = try ReplayPlayer(path: try fixture(frames: 100), clock: clock)
        var updates = player.updates().makeAsyncIterator()
        #expect(seq(await next(&updates)) == 1)
        await settle(clock)
        clock.advance(by: .milliseconds(500))
        #expect(seq(await next(&updates)) == 2)
        player.faster()   // 2×: next frame after 250 ms
        await settle(clock)
        clock.advance(by: .milliseconds(250))
        #expect(seq(await next(&updates)) == 3)
        #expect(player.state.speed == 2)
        for _ in 0..<10 { player.faster() }
        #expect(player.state.speed == 64)
        for _ in 0..<10 { player.slower() }
        #expect(player.state.speed == 0.25)
    }

    @Test func controlsMoveAndShowAtOnce() async throws {
        let clock = ManualClock()
        let player = try ReplayPlayer(path: try fixture(frames: 100), clock: clock,
                                      configuration: .init(startPaused: true))
        var updates = player.updates().makeAsyncIterator()
        #expect(seq(await next(&updates)) == 1)
        player.stepForward()
        #expect(seq(await next(&updates)) == 2)
        player.stepBackward()
        #expect(seq(await next(&updates)) == 1)
        player.seek(by: 10)   // 20 frames at 2/s
        #expect(seq(await next(&updates)) == 21)
        player.seek(by: -5)
        #expect(seq(await next(&updates)) == 11)
        try player.jump(to: "+30s")
        #expect(seq(await next(&updates)) == 71)
        player.rewind()
        #expect(seq(await next(&updates)) == 1)
        player.end()
        #expect(seq(await next(&updates)) == 100)
        guard case .ended = await next(&updates) else { Issue.record("no .ended at the end"); return }
        #expect(player.state.atEnd && player.state.isPaused)
        player.togglePause()   // stays paused at the end
        #expect(player.state.isPaused)
        player.stepBackward()
        #expect(seq(await next(&updates)) == 99)
        #expect(player.state.position == 49)
        #expect(player.state.duration == 49.5)
    }

    @Test func pauseFreezesTimeAndPlayReachesTheEnd() async throws {
        let clock = ManualClock()
        let player = try ReplayPlayer(path: try fixture(frames: 4), clock: clock)
        var updates = player.updates().makeAsyncIterator()
        #expect(seq(await next(&updates)) == 1)
        player.pause()
        clock.advance(by: .seconds(10))
        #expect(player.state.frameIndex == 0)
        player.resume()
        await settle(clock)
        clock.advance(by: .seconds(2))
        var seen: [UInt64] = []
        while let update = await next(&updates) {
            if let s = seq(update) { seen.append(s) } else { break }
        }
        #expect(seen.last == 4)
        #expect(player.state.atEnd)
    }

    @Test func marksAndJumpsToTimeOfDay() async throws {
        let clock = ManualClock()
        // 1_795_000_000 is 2026-11-18 11:06:40 UTC; the fixture records utc_offset_s of this machine.
        let player = try ReplayPlayer(path: try fixture(frames: 1_200, operatorEvery: 120), clock: clock,
                                      configuration: .init(startPaused: true))
        #expect(player.marks.count >= 2)
        #expect(player.marks.allSatisfy { $0.kind == .operatorAction || $0.kind == .alert })
        player.nextMark()
        #expect(player.state.frameIndex == player.marks[0].frameIndex)
        player.nextMark()
        #expect(player.state.frameIndex == player.marks[1].frameIndex)
        player.previousMark()
        #expect(player.state.frameIndex == player.marks[0].frameIndex)
        try player.jump(to: "11:10:00Z")
        #expect(player.state.time == 1_795_000_200)
        #expect(throws: RecordingError.self) { try player.jump(to: "03:00:00Z") }
        #expect(throws: RecordingError.self) { try player.jump(to: "soon") }
    }

    @Test(arguments: [
        ("03:12:05", ReplayTarget.timeOfDay(hour: 3, minute: 12, second: 5, utc: false)),
        ("03:12", .timeOfDay(hour: 3, minute: 12, second: 0, utc: false)),
        ("03:12:05Z", .timeOfDay(hour: 3, minute: 12, second: 5, utc: true)),
        ("03:12 UTC", .timeOfDay(hour: 3, minute: 12, second: 0, utc: true)),
        ("+5m", .relative(seconds: 300)), ("-30s", .relative(seconds: -30)),
        ("+1h30m", .relative(seconds: 5_400)), ("+90", .relative(seconds: 90)),
    ])
    func parsesJumpTargets(text: String, expected: ReplayTarget) throws {
        #expect(try ReplayTarget.parse(text) == expected)
    }

    @Test(arguments: ["", "25:00", "12:61", "+5x", "tomorrow", "1:2:3:4", "+"])
    func rejectsBadJumpTargets(text: String) {
        let error = #expect(throws: RecordingError.self) { try ReplayTarget.parse(text) }
        #expect(error?.code == .invalidTime)
    }
}
