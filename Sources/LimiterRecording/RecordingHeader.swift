import UpbitRateLimit

/// Line 1 of every recording: what the file is and where its frames came from.
///
/// `{"format":"upbit-limiter-recording","v":1,"started":1795000000.5,"source":"embedded","utc_offset_s":32400}`
public struct RecordingHeader: Codable, Hashable, Sendable {
    /// The value of `format` in every recording.
    public static let formatName = "upbit-limiter-recording"
    /// The format version this build writes and the newest it reads.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// Format version.
    public var v: Int
    /// Wall-clock unix seconds when the recorder started.
    public var started: Double
    /// The label of the recorded feed (`embedded`, `remote http://…`).
    public var source: String
    /// The recorder's offset from UTC in seconds, so `hh:mm:ss` jumps use the recording's local time.
    public var utcOffsetS: Int?
    /// Set on files that continue a rotated recording: the number of this part (1, 2, …).
    public var part: Int?

    /// A header for a recording of `source` started at `started`.
    public init(started: Double, source: String, utcOffsetS: Int? = nil, part: Int? = nil) {
        self.format = Self.formatName
        self.v = Self.currentVersion
        self.started = started
        self.source = source
        self.utcOffsetS = utcOffsetS
        self.part = part
    }

    enum CodingKeys: String, CodingKey {
        case format, v, started, source, part
        case utcOffsetS = "utc_offset_s"
    }
}

/// An event line: `{"event": {…LimiterEvent…}}`.
struct EventLine: Codable {
    var event: LimiterEvent
}
