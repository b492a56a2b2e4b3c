/// The replay position as a pure state machine over a recording's frame times (``RecordingReader``).
///
/// Playing, the recording time is `anchorTime + (now − anchorInstant) × speed`; the
/// position is the last frame at or before it. Every control re-anchors at `now`, so
/// changing speed or pausing never jumps. Controls that move the position bump
/// ``revision``, which tells the playback loops to show the frame even if its index is
/// unchanged.
struct PlaybackMachine {
    let reader: RecordingReader
    private(set) var frame = 0
    private(set) var paused: Bool
    private(set) var speed: Double
    private(set) var revision: UInt64 = 0
    /// The recording time at `anchorInstant`.
    private var anchorTime: Double
    private var anchorInstant: Int64

    init(reader: RecordingReader, now: Int64, speed: Double, paused: Bool) {
        self.reader = reader
        self.speed = ReplaySpeed.clamp(speed)
        self.paused = paused
        anchorTime = reader.time(ofFrame: 0)
        anchorInstant = now
    }

    var lastFrame: Int { reader.frameCount - 1 }
    var atEnd: Bool { frame == lastFrame }

    /// The recording time (unix seconds) shown at `now`.
    func recordingTime(now: Int64) -> Double {
        paused ? anchorTime : anchorTime + Double(now - anchorInstant) / 1e9 * speed
    }

    /// Moves the position to where the clock has played it; at the last frame playback pauses.
    mutating func tick(now: Int64) {
        guard !paused else { return }
        let reached = reader.frameIndex(atOrBefore: recordingTime(now: now))
        frame = max(frame, reached)
        if atEnd { pause(now: now) }
    }

    /// The clock instant when the next frame is due (nil when paused).
    func nextDeadline() -> Int64? {
        guard !paused, frame < lastFrame else { return nil }
        let wait = (reader.time(ofFrame: frame + 1) - anchorTime) / speed
        let nanoseconds = (max(0, wait) * 1e9).rounded(.up)
        // A gap of more than ~146 years (a garbage time in the file) waits "forever" instead of trapping.
        let delay = nanoseconds < 0x1p62 ? Int64(nanoseconds) : 1 << 62
        let (deadline, overflow) = anchorInstant.addingReportingOverflow(delay)
        return overflow ? .max : deadline
    }

    // MARK: Controls (callers tick first)

    mutating func pause(now: Int64) {
        guard !paused else { return }
        anchorTime = min(recordingTime(now: now), reader.time(ofFrame: lastFrame))
        anchorInstant = now
        paused = true
    }

    mutating func resume(now: Int64) {
        guard paused, !atEnd else { return }
        anchorInstant = now
        paused = false
    }

    mutating func setSpeed(_ value: Double, now: Int64) {
        anchorTime = recordingTime(now: now)
        anchorInstant = now
        speed = ReplaySpeed.clamp(value)
    }

    /// Shows frame `index` (clamped); `pausing` stops playback there.
    mutating func show(frame index: Int, now: Int64, pausing: Bool = false) {
        frame = min(max(index, 0), lastFrame)
        anchorTime = reader.time(ofFrame: frame)
        anchorInstant = now
        revision &+= 1
        if pausing || atEnd { paused = true }
    }

    /// Moves to unix time `t` (clamped into the recording).
    mutating func show(time t: Double, now: Int64) {
        let clamped = min(max(t, reader.time(ofFrame: 0)), reader.time(ofFrame: lastFrame))
        show(frame: reader.frameIndex(atOrBefore: clamped), now: now)
        if !atEnd { anchorTime = clamped }
    }
}
