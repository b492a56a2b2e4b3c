import Foundation
import LimiterRecording
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Recordings holding numbers no limiter writes (NaN, infinities, 1e300, `t = 1e12`): read,
/// replayed and summarised without a trap.
@Suite struct GarbageRecordingTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        return encoder
    }()

    /// Writes a header with `utcOffset` and one line per entry: a frame at `t`, or a raw line.
    func recording(_ lines: [Either], utcOffset: Int? = 32_400) throws -> String {
        var text = String(decoding: try Self.encoder.encode(RecordingHeader(started: 1_795_000_000, source: "test",
                                                                             utcOffsetS: utcOffset)), as: UTF8.self)
        for (seq, line) in lines.enumerated() {
            switch line {
            case .frame(let t, let garbage):
                var f = try frame(t: t, seq: UInt64(seq + 1))
                if garbage {
                    f.groups[0].rateRatio = .nan
                    f.groups[0].utilization = .infinity
                    f.groups[0].limitPerSecond = 1e300
                    f.groups[0].waitMs.p95 = -.infinity
                    f.groups[0].blockedForS = .nan
                    f.process.uptimeS = 1e300
                    f.emergency = EmergencyStatus(active: true, until: .nan)
                }
                text += "\n" + String(decoding: try Self.encoder.encode(f), as: UTF8.self)
            case .raw(let raw):
                text += "\n" + raw
            }
        }
        let path = temporaryPath()
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    enum Either { case frame(Double, garbage: Bool = false), raw(String) }

    @Test func framesBeyondTheYear5138AreCorrupt() throws {
        let path = try recording([.frame(1_795_000_000), .frame(1e12), .frame(-1e12), .frame(1_795_000_001),
                                  .raw(#"{"groups":[],"t":1e308}"#), .raw(#"{"t":nan}"#)])
        let reader = try RecordingReader(path: path)
        #expect(reader.frameCount == 2)
        #expect(reader.corruptLines == 4)
        #expect(reader.endTime == 1_795_000_001)
    }

    @Test func aHugeGapWaitsInsteadOfTrapping() async throws {
        // 9e10 is a legal time (year 4822): the wait to it is ~2.8 millennia, beyond Int64 nanoseconds.
        let path = try recording([.frame(1_795_000_000), .frame(9e10, garbage: true), .frame(9e10 + 1)])
        let clock = ManualClock()
        let player = try ReplayPlayer(path: path, clock: clock, configuration: .init(speed: 0.25))
        var updates = player.updates().makeAsyncIterator()
        guard case .frame(let first) = await updates.next() else { Issue.record("no first frame"); return }
        #expect(first.seq == 1)
        for _ in 0..<1_000_000 where clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .seconds(3600))
        #expect(player.state.frameIndex == 0, "still waiting for the far frame")
        player.stepForward()
        guard case .frame(let far) = await updates.next() else { Issue.record("no far frame"); return }
        #expect(far.groups[0].rateRatio.isNaN)
        player.rewind()
        player.end()
        try player.jump(to: "+5m")
        try? player.jump(to: "03:00")
        #expect(player.state.time >= 1_795_000_000)
        #expect(RecordingSummary(reader: player.reader).render().contains("duration"))
    }

    @Test func aGarbageUTCOffsetFallsBackToThisMachine() throws {
        let path = try recording([.frame(1_795_000_000), .frame(1_795_003_600)], utcOffset: .max)
        let player = try ReplayPlayer(path: path, clock: ManualClock())
        try player.jump(to: "+10m")
        #expect(player.state.time == 1_795_000_600)
        try? player.jump(to: "12:00")
        #expect(player.state.time >= 1_795_000_000 && player.state.time <= 1_795_003_600)
    }
}
