import Foundation
import LimiterRecording
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

@Suite struct RecorderReaderTests {
    @Test func roundTripKeepsFramesAndEvents() throws {
        let path = temporaryPath()
        let recorder = try StatusRecorder(path: path, source: "test", clock: ManualClock())
        let e1 = LimiterEvent(id: 1, t: 10, kind: "alert", group: "order", message: "P1 repeated_429 raised")
        let e2 = LimiterEvent(id: 2, t: 11, kind: "operator", group: nil, message: "emergency on")
        var written: [StatusFrame] = []
        for i in 0..<10 {
            let events = i < 3 ? [] : (i < 6 ? [e1] : [e1, e2])
            let f = try frame(t: 10 + Double(i) * 0.5, seq: UInt64(i + 1), queue: i, events: events)
            written.append(f)
            recorder.record(f)
        }
        #expect(recorder.stats.frames == 10)
        #expect(recorder.stats.events == 2)   // deduplicated by id
        let reader = try RecordingReader(path: path)
        #expect(reader.header.format == "upbit-limiter-recording")
        #expect(reader.header.source == "test")
        #expect(reader.frameCount == 10)
        #expect(!reader.endedEarly)
        #expect(reader.corruptLines == 0)
        #expect(reader.duration == 4.5)
        for i in 0..<10 {
            var got = try #require(reader.frame(at: i))
            #expect(got.events == written[i].events)   // rebuilt from event lines
            got.events = written[i].events
            #expect(got == written[i])
        }
        #expect(reader.marks.map(\.kind) == [.alert, .operatorAction])
        #expect(reader.marks[0].level == .p1)
        #expect(reader.frameIndex(atOrBefore: 12.2) == 4)
        #expect(reader.frameIndex(atOrBefore: 0) == 0)
    }

    @Test func everyLineIsValidJSONForJq() throws {
        let path = try fixture(frames: 50)
        let lines = String(decoding: try bytes(path), as: UTF8.self).split(separator: "\n")
        for line in lines { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        #expect(lines.count > 50)
    }

    @Test func truncatedAtEveryByteOfTheLastLinesReplaysWholeFrames() throws {
        let path = try fixture(frames: 20)
        let full = try bytes(path)
        let lineEnds = full.indices.filter { full[$0] == 0x0A }
        // Cut inside each of the last two frame lines, at many positions (what SIGKILL mid-write leaves).
        let lastStart = lineEnds[lineEnds.count - 3] + 1
        let cutPath = temporaryPath()
        for cut in stride(from: lastStart + 1, to: full.count - 1, by: 97) {
            try write(Array(full[..<cut]), to: cutPath)
            let reader = try RecordingReader(path: cutPath)
            let whole = full[..<cut].filter { $0 == 0x0A }.count - 1 - reader.events.count
            #expect(reader.endedEarly)
            #expect(reader.frameCount == whole)
            #expect(reader.corruptLines == 0)
            #expect(reader.frame(at: reader.frameCount - 1) != nil)
        }
    }

    @Test func corruptMiddleLineIsSkippedAndCounted() throws {
        let path = try fixture(frames: 30)
        var lines = String(decoding: try bytes(path), as: UTF8.self).split(separator: "\n").map(String.init)
        lines[10] = "{\"groups\":[{ garbage"
        lines[12] = String(lines[12].dropLast(40)) + "}"   // structurally closed, fails to decode
        try write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
        let reader = try RecordingReader(path: path)
        #expect(reader.corruptLines >= 1)
        #expect(!reader.endedEarly)
        let decoded = (0..<reader.frameCount).compactMap { reader.frame(at: $0) }
        #expect(decoded.count >= reader.frameCount - 1)
        #expect(reader.corruptLines == 2)
    }

    @Test(arguments: [
        ("missing", RecordingError.Code.notFound), ("empty", .empty), ("foreign", .notARecording),
        ("future", .unsupportedVersion), ("headerOnly", .noFrames), ("wrongFormat", .notARecording),
    ])
    func badFilesGiveErrorsNamingTheFile(kind: String, code: RecordingError.Code) throws {
        let path = temporaryPath("\(kind).ndjson")
        let contents: String? = switch kind {
        case "empty": ""
        case "foreign": "hello world\n{\"t\":1}\n"
        case "future": "{\"format\":\"upbit-limiter-recording\",\"v\":9,\"started\":1,\"source\":\"x\"}\n"
        case "headerOnly": "{\"format\":\"upbit-limiter-recording\",\"v\":1,\"started\":1,\"source\":\"x\"}\n"
        case "wrongFormat": "{\"format\":\"other\",\"v\":1,\"started\":1,\"source\":\"x\"}\n"
        default: nil
        }
        if let contents { try write(Array(contents.utf8), to: path) }
        let error = try #require(throws: RecordingError.self) { try RecordingReader(path: path) }
        #expect(error.code == code)
        #expect(error.description.contains(path))
    }

    @Test func sizeCapRotatesAndKeepsHeaders() throws {
        let path = temporaryPath()
        let recorder = try StatusRecorder(path: path, source: "test",
                                          configuration: .init(maxBytes: 4_000, keepRotated: 2), clock: ManualClock())
        for i in 0..<40 { recorder.record(try frame(t: Double(i), seq: UInt64(i))) }
        #expect(recorder.stats.rotations > 2)
        for file in [path, path + ".1", path + ".2"] {
            let reader = try RecordingReader(path: file)
            #expect(reader.frameCount > 0)
            #expect(try bytes(file).count <= 4_000)
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        let capped = temporaryPath()
        let stopping = try StatusRecorder(path: capped, source: "test", configuration: .init(maxBytes: 4_000), clock: ManualClock())
        for i in 0..<40 { stopping.record(try frame(t: Double(i), seq: UInt64(i))) }
        #expect(stopping.stats.droppedLines > 0)
        #expect(try RecordingReader(path: capped).frameCount == stopping.stats.frames)
    }
}
