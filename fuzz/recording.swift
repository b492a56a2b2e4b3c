// Recording lines: the input follows a valid header; the file is indexed, every frame decoded and
// drawn on the in-memory terminal, and the replay player stepped, sought and jumped over it.
@testable import LimiterConsole
@testable import LimiterRecording
import Foundation
import UpbitRateLimit

let header = Array(#"{"format":"upbit-limiter-recording","source":"fuzz","started":1795000000,"utc_offset_s":32400,"v":1}"#.utf8)
    + [UInt8(ascii: "\n")]
let path = "/tmp/upbit-limiter-fuzz-recording-\(getpid()).ndjson"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecording(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = header + Array(UnsafeBufferPointer(start: data, count: size))
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
    guard let reader = try? RecordingReader(path: path) else { return 0 }
    var state = ConsoleState(sourceLabel: "replay fuzz", readOnlyReason: "replay: read-only")
    for i in 0..<min(reader.frameCount, 64) {
        if let frame = reader.frame(at: i) { FuzzConsole.show(.frame(frame), in: &state) }
    }
    let player = ReplayPlayer(reader: reader, configuration: .init(speed: 64))
    let steps: [(ReplayPlayer) -> Void] = [
        { $0.stepForward() }, { $0.seek(by: 10) }, { $0.nextMark() }, { $0.end() }, { $0.stepBackward() },
        { $0.previousMark() }, { $0.seek(by: -1e6) }, { $0.rewind() }, { try? $0.jump(to: "+5m") },
        { try? $0.jump(to: "03:12:00Z") }, { $0.togglePause() }, { $0.faster() },
    ]
    for step in steps {
        step(player)
        let s = player.state
        precondition(s.frameIndex >= 0 && s.frameIndex < reader.frameCount, "position \(s.frameIndex) out of the file")
        state.replay = ReplayStatus(start: s.time - s.position, end: s.time - s.position + s.duration, position: s.time,
                                    speed: s.speed, paused: s.isPaused,
                                    marks: player.marks.map { .init(t: $0.t, label: $0.message) },
                                    skippedLines: s.corruptLines, endedEarly: s.endedEarly)
        if let found = reader.decodableFrame(from: s.frameIndex, direction: 1) {
            FuzzConsole.show(.frame(found.frame), in: &state)
        }
        _ = player.machine.withLock { $0.nextDeadline() }
    }
    _ = RecordingSummary(reader: reader).render()
    return 0
}
