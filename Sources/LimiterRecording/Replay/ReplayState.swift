/// One consistent picture of a ``ReplayPlayer`` for drawing the timeline and status line.
public struct ReplayState: Hashable, Sendable {
    /// The frame shown (0-based).
    public var frameIndex: Int
    /// Frames in the recording.
    public var frameCount: Int
    /// Seconds since the first frame (moves smoothly while playing).
    public var position: Double
    /// Seconds from the first frame to the last.
    public var duration: Double
    /// Unix seconds of the position.
    public var time: Double
    /// Playback is paused (by the operator, a step, or the end).
    public var isPaused: Bool
    /// The last frame is shown.
    public var atEnd: Bool
    /// Playback speed (1 = recorded pace).
    public var speed: Double
    /// Corrupt lines skipped so far.
    public var corruptLines: Int
    /// The file's last line was cut short.
    public var endedEarly: Bool
}
