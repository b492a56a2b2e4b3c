/// Where a replay stands, for the timeline bar; the host updates it from its player.
public struct ReplayStatus: Hashable, Sendable {
    /// A moment worth jumping to: an alert or an operator action.
    public struct Mark: Hashable, Sendable {
        /// Unix seconds.
        public var t: Double
        /// What happened (drawn in the ``Role/mark`` role).
        public var label: String
        /// A mark at `t`.
        public init(t: Double, label: String) {
            self.t = t
            self.label = label
        }
    }

    /// Unix seconds of the first and last frames.
    public var start: Double, end: Double
    /// Unix seconds of the frame shown.
    public var position: Double
    /// Playback speed (1 = real time).
    public var speed: Double
    /// Whether playback is paused.
    public var paused: Bool
    /// Marks, in time order.
    public var marks: [Mark]
    /// Corrupt lines skipped while reading.
    public var skippedLines: Int
    /// Whether the file ends in a partial line (a killed recorder).
    public var endedEarly: Bool

    /// A replay status.
    public init(start: Double, end: Double, position: Double, speed: Double = 1, paused: Bool = false,
                marks: [Mark] = [], skippedLines: Int = 0, endedEarly: Bool = false) {
        self.start = start
        self.end = end
        self.position = position
        self.speed = speed
        self.paused = paused
        self.marks = marks
        self.skippedLines = skippedLines
        self.endedEarly = endedEarly
    }
}
