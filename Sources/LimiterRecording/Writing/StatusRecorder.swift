import Foundation
import Synchronization
import UpbitRateLimit

/// Writes status frames and events to an NDJSON recording (`docs/RECORDING.md`).
///
/// Line 1 is a ``RecordingHeader``; then one ``StatusFrame`` per line (the frame's own
/// compact JSON, keys sorted so the reader finds `t` near the line's end) and event lines `{"event": {…}}`. Events are taken from each frame's
/// `events` (deduplicated by id) or given with ``record(event:)``. Every line goes to the
/// kernel with a single `write(2)`, so a killed process leaves a file that replays to its
/// last whole line.
///
/// After `init`, recording never throws: a failed write is counted in ``stats`` and the
/// caller carries on (a full disk must not stop the limiter).
public final class StatusRecorder: Sendable {
    /// How the recorder writes.
    public struct Configuration: Sendable {
        // MARK: Size
        /// Cap on one file's size in bytes (nil: no cap).
        public var maxBytes: Int?
        /// Rotated files kept at the cap (`FILE.1` newest … `FILE.n`); 0 stops recording at the cap instead.
        public var keepRotated: Int

        // MARK: Content
        /// Write frames with `events` emptied: their events are in event lines already, and the
        /// reader rebuilds each frame's recent events from them (a 24-hour file shrinks ~2×).
        public var stripFrameEvents: Bool

        // MARK: Durability
        /// `fsync(2)` after every line (survives a machine crash, not only a killed process).
        public var syncToDisk: Bool

        /// A configuration; every argument has a default.
        public init(maxBytes: Int? = nil, keepRotated: Int = 0, stripFrameEvents: Bool = true, syncToDisk: Bool = false) {
            self.maxBytes = maxBytes
            self.keepRotated = keepRotated
            self.stripFrameEvents = stripFrameEvents
            self.syncToDisk = syncToDisk
        }
    }

    /// What the recorder has done so far.
    public struct Stats: Hashable, Sendable {
        /// Frame lines written.
        public var frames = 0
        /// Event lines written.
        public var events = 0
        /// Bytes written to the current file.
        public var bytes = 0
        /// Lines not written (size cap reached, or a write failed).
        public var droppedLines = 0
        /// Times the file was rotated.
        public var rotations = 0
        /// The last write failure, if any.
        public var lastError: RecordingError?
    }

    struct State {
        var file: LineFile?
        var stats = Stats()
        var newest: (id: UInt64, t: Double)?
        var part = 0
    }

    /// The file being written.
    public let path: String
    let configuration: Configuration
    let header: RecordingHeader
    let encoder: JSONEncoder
    private let state: Mutex<State>

    /// Creates (or truncates) `path` and writes the header for a recording of `source`.
    ///
    /// - Throws: ``RecordingError`` (`.writeFailed`) naming the file when it cannot be created.
    public init(path: String, source: String, configuration: Configuration = .init(),
                clock: any LimiterClock = SystemLimiterClock()) throws {
        self.path = path
        self.configuration = configuration
        let offset = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: clock.wallNow()))
        header = RecordingHeader(started: clock.wallNow(), source: source, utcOffsetS: offset)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let file = try LineFile(path: path, syncToDisk: configuration.syncToDisk)
        try file.write(Self.line(header, encoder, path: path).get())
        var initial = State()
        initial.stats.bytes = file.size
        initial.file = file
        state = Mutex(initial)
    }

    /// What has been written so far.
    public var stats: Stats { state.withLock { $0.stats } }

    /// Records `frame`: first an event line for each of its events not yet recorded, then the frame.
    public func record(_ frame: StatusFrame) {
        var stored = frame
        if configuration.stripFrameEvents { stored.events = [] }
        let frameLine = Self.line(stored, encoder, path: path)
        state.withLock { s in
            for event in frame.events where Self.isNew(event, s.newest) { append(event, to: &s) }
            if write(frameLine, to: &s) { s.stats.frames += 1 }
        }
    }

    /// Records `event` (an operator action, a restart…) unless an event with its id was already recorded.
    public func record(event: LimiterEvent) {
        state.withLock { s in
            if Self.isNew(event, s.newest) { append(event, to: &s) }
        }
    }

    /// Closes the file; later frames and events are dropped.
    public func close() {
        state.withLock { $0.file = nil }
    }

    // MARK: Internals

    /// An event is new when its id is above the newest recorded, or when it is later than the
    /// newest (the source restarted and its ids began again).
    private static func isNew(_ event: LimiterEvent, _ newest: (id: UInt64, t: Double)?) -> Bool {
        guard let newest else { return true }
        return event.id > newest.id || event.t > newest.t
    }

    private func append(_ event: LimiterEvent, to s: inout State) {
        s.newest = (event.id, max(event.t, s.newest?.t ?? event.t))
        if write(Self.line(EventLine(event: event), encoder, path: path), to: &s) { s.stats.events += 1 }
    }

    /// `value` as one line of compact JSON ending with a newline.
    static func line(_ value: some Encodable, _ encoder: JSONEncoder, path: String) -> Result<[UInt8], RecordingError> {
        do {
            var bytes = [UInt8](try encoder.encode(value))
            bytes.append(UInt8(ascii: "\n"))
            return .success(bytes)
        } catch {
            return .failure(RecordingError(.writeFailed, path: path, detail: "cannot encode: \(error)"))
        }
    }

    /// Writes one line, rotating or dropping at the size cap; true when written.
    private func write(_ encoded: Result<[UInt8], RecordingError>, to s: inout State) -> Bool {
        let line: [UInt8]
        switch encoded {
        case .success(let bytes): line = bytes
        case .failure(let error):
            s.stats.droppedLines += 1
            s.stats.lastError = error
            return false
        }
        if let cap = configuration.maxBytes, let size = s.file?.size, size + line.count > cap {
            guard configuration.keepRotated > 0, rotate(&s) else {
                s.stats.droppedLines += 1
                return false
            }
        }
        guard let file = s.file else {
            s.stats.droppedLines += 1
            return false
        }
        do {
            try file.write(line)
            s.stats.bytes = file.size
            return true
        } catch {
            s.stats.droppedLines += 1
            s.stats.lastError = error
            return false
        }
    }
}
