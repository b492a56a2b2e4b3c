import Foundation
import LimiterRecording
import Testing

@Suite struct KilledRecorderTests {
    /// The built `upbit-limiter` next to the test bundle, if it has been built.
    private static var binary: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("upbit-limiter").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    /// A real recording process (the fixture writer, which goes through StatusRecorder) killed
    /// with SIGKILL mid-stream: the file replays up to its last whole line.
    @Test(.enabled(if: binary != nil, "needs the built upbit-limiter (swift build)"))
    func recordingKilledWithSIGKILLReplays() throws {
        let path = temporaryPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["replay", path, "--generate-fixture", "--frames", "100000000"]
        try process.run()
        // Wait (I/O, not logic) until the child has written a few hundred frames, then kill it.
        let deadline = Date().addingTimeInterval(60)
        while ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) ?? 0 < 2_000_000,
              Date() < deadline, process.isRunning {
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let reader = try RecordingReader(path: path)
        #expect(reader.frameCount > 100)
        #expect(reader.corruptLines == 0)
        let last = try #require(reader.frame(at: reader.frameCount - 1))
        #expect(last.seq == UInt64(reader.frameCount))
        #expect(RecordingSummary(reader: reader).frames == reader.frameCount)
    }
}
