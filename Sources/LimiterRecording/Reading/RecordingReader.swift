import Foundation
import Synchronization
import UpbitRateLimit

/// An open recording: indexed at once, frames decoded only when asked for.
///
/// Opening maps the file and scans it for line boundaries and each frame's `t` (no JSON
/// decoding), so a 24-hour recording opens in well under 2 s and any frame is one decode
/// away (see `docs/RECORDING.md` for measurements). Event lines are decoded at open: they
/// are few, and they give the timeline's marks.
///
/// Bad input: a cut-short last line is ignored and ``endedEarly`` is set; a corrupt line is
/// skipped and counted in ``corruptLines`` (lines found corrupt when decoded are added as
/// they are met); a missing, empty or foreign file throws a ``RecordingError`` naming it.
public final class RecordingReader: Sendable {
    /// Frames rebuilt from event lines carry this many recent events, as the limiter's frames do.
    public static let recentEventsPerFrame = 32

    /// The file.
    public let path: String
    /// Line 1.
    public let header: RecordingHeader
    /// Every event line, in file order.
    public let events: [RecordedEvent]
    /// Alerts, operator actions and restarts, for the timeline bar.
    public let marks: [ReplayMark]
    /// The file does not end with a newline: the last line was cut short (a killed recorder).
    public let endedEarly: Bool

    private let file: MappedFile
    private let index: RecordingIndex
    private let decoder: JSONDecoder
    private let badFrames = Mutex<Set<Int>>([])
    private let eventFailures: Int

    /// Opens and indexes the recording at `path`.
    ///
    /// - Throws: ``RecordingError`` naming the file: `.notFound`, `.unreadable`, `.empty`,
    ///   `.notARecording`, `.unsupportedVersion` or `.noFrames`.
    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        index = RecordingIndex(scanning: file.bytes)
        decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        header = try Self.header(file.bytes, length: index.headerLength, decoder: decoder, path: path)
        guard !index.frameTimes.isEmpty else {
            throw RecordingError(.noFrames, path: path, detail: "no whole frame after the header")
        }
        var events: [RecordedEvent] = []
        var undecodable = 0
        for line in index.eventLines {
            if let decoded = try? decoder.decode(EventLine.self, from: Self.data(file.bytes, line.offset, line.length)) {
                events.append(RecordedEvent(event: decoded.event, frameIndex: line.framesBefore))
            } else {
                undecodable += 1
            }
        }
        self.events = events
        let start = index.frameTimes[0], last = index.frameTimes.count - 1
        marks = events.compactMap { ReplayMark($0, start: start, lastFrame: last) }
        endedEarly = index.endedEarly
        eventFailures = undecodable
    }

    // MARK: Shape

    /// Number of frames.
    public var frameCount: Int { index.frameTimes.count }
    /// Unix seconds of the first frame.
    public var startTime: Double { index.frameTimes[0] }
    /// Unix seconds of the last frame.
    public var endTime: Double { index.frameTimes[index.frameTimes.count - 1] }
    /// Seconds from the first frame to the last.
    public var duration: Double { endTime - startTime }
    /// Lines skipped as corrupt: those found at open plus frames that failed to decode so far.
    public var corruptLines: Int { index.corruptLines + eventFailures + badFrames.withLock { $0.count } }

    /// The time of frame `i` (clamped into range), unix seconds, non-decreasing in `i`.
    public func time(ofFrame i: Int) -> Double { index.frameTimes[min(max(i, 0), frameCount - 1)] }

    /// The last frame at or before unix time `t` (the first frame when `t` is earlier).
    public func frameIndex(atOrBefore t: Double) -> Int { index.frameIndex(atOrBefore: t) }

    // MARK: Frames

    /// Frame `i`, decoded, with its recent events rebuilt from event lines when it was recorded
    /// without them; nil (and counted in ``corruptLines``) when the line does not decode.
    public func frame(at i: Int) -> StatusFrame? {
        guard var frame = decodeLine(StatusFrame.self, frame: i, decoder: decoder) else { return nil }
        if frame.events.isEmpty { frame.events = recentEvents(atFrame: i) }
        return frame
    }

    /// Frame line `i` decoded as `T`; nil (and counted as corrupt) when it does not decode.
    func decodeLine<T: Decodable>(_ type: T.Type, frame i: Int, decoder: JSONDecoder) -> T? {
        guard i >= 0, i < frameCount else { return nil }
        let data = Self.data(file.bytes, index.frameOffsets[i], Int(index.frameLengths[i]))
        guard let value = try? decoder.decode(type, from: data) else {
            badFrames.withLock { _ = $0.insert(i) }
            return nil
        }
        return value
    }

    /// The nearest decodable frame from `i` in `direction` (+1 or -1), `i` included.
    public func decodableFrame(from i: Int, direction: Int) -> (index: Int, frame: StatusFrame)? {
        var j = min(max(i, 0), frameCount - 1)
        while j >= 0, j < frameCount {
            if let frame = frame(at: j) { return (j, frame) }
            j += direction < 0 ? -1 : 1
        }
        return nil
    }

    /// The last ``recentEventsPerFrame`` events recorded before frame `i`.
    func recentEvents(atFrame i: Int) -> [LimiterEvent] {
        var low = 0, high = events.count
        while low < high {
            let mid = (low + high) / 2
            if events[mid].frameIndex <= i { low = mid + 1 } else { high = mid }
        }
        return events[max(0, low - Self.recentEventsPerFrame)..<low].map(\.event)
    }

    // MARK: Opening

    private static func data(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ length: Int) -> Data {
        Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + offset), count: length, deallocator: .none)
    }

    private static func header(_ bytes: UnsafeRawBufferPointer, length: Int, decoder: JSONDecoder,
                               path: String) throws -> RecordingHeader {
        guard let header = try? decoder.decode(RecordingHeader.self, from: data(bytes, 0, length)) else {
            throw RecordingError.notARecording(path, "line 1 is not a recording header")
        }
        guard header.format == RecordingHeader.formatName else {
            throw RecordingError.notARecording(path, "format is '\(header.format)'")
        }
        guard header.v <= RecordingHeader.currentVersion, header.v >= 1 else {
            throw RecordingError(.unsupportedVersion, path: path,
                                 detail: "format version \(header.v); this build reads up to \(RecordingHeader.currentVersion)")
        }
        return header
    }
}
