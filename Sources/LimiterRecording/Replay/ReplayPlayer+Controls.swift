import Foundation

extension ReplayPlayer {
    // MARK: State

    /// Where the player is, for drawing.
    public var state: ReplayState {
        let now = clock.now()
        return machine.withLock { m in
            m.tick(now: now)
            let time = min(m.recordingTime(now: now), reader.endTime)
            return ReplayState(
                frameIndex: m.frame, frameCount: reader.frameCount, position: time - reader.startTime,
                duration: reader.duration, time: time, isPaused: m.paused, atEnd: m.atEnd, speed: m.speed,
                corruptLines: reader.corruptLines, endedEarly: reader.endedEarly)
        }
    }

    /// Seconds from the first frame to the last.
    public var duration: Double { reader.duration }
    /// Frames in the recording.
    public var frameCount: Int { reader.frameCount }
    /// Alerts, operator actions and restarts, for the timeline bar.
    public var marks: [ReplayMark] { reader.marks }
    /// Corrupt lines skipped so far.
    public var corruptLines: Int { reader.corruptLines }
    /// The file's last line was cut short.
    public var endedEarly: Bool { reader.endedEarly }

    // MARK: Controls

    /// Pauses, or resumes when paused (at the end it stays paused).
    public func togglePause() { control { m, now in m.paused ? m.resume(now: now) : m.pause(now: now) } }
    /// Pauses playback.
    public func pause() { control { $0.pause(now: $1) } }
    /// Resumes playback (no effect at the end).
    public func resume() { control { $0.resume(now: $1) } }
    /// Sets the speed (clamped to 0.25…64).
    public func setSpeed(_ speed: Double) { control { $0.setSpeed(speed, now: $1) } }
    /// The next speed step up (`+`).
    public func faster() { control { m, now in m.setSpeed(ReplaySpeed.faster(than: m.speed), now: now) } }
    /// The next speed step down (`-`).
    public func slower() { control { m, now in m.setSpeed(ReplaySpeed.slower(than: m.speed), now: now) } }
    /// One frame forward, paused (`t`).
    public func stepForward() { control { m, now in m.show(frame: m.frame + 1, now: now, pausing: true) } }
    /// One frame back, paused (`T`).
    public func stepBackward() { control { m, now in m.show(frame: m.frame - 1, now: now, pausing: true) } }
    /// Moves `seconds` of recording time forward (or back when negative), clamped to the recording.
    public func seek(by seconds: Double) {
        control { m, now in m.show(time: m.recordingTime(now: now) + seconds, now: now) }
    }
    /// Moves to unix time `t`, clamped to the recording.
    public func seek(toTime t: Double) { control { $0.show(time: t, now: $1) } }
    /// The first frame (`r`); playback continues if it was playing.
    public func rewind() { control { $0.show(frame: 0, now: $1) } }
    /// The last frame (`Z`).
    public func end() { control { m, now in m.show(frame: m.lastFrame, now: now) } }

    /// Jumps to `target`; a time of day outside the recording throws ``RecordingError`` (`.invalidTime`).
    public func jump(to target: ReplayTarget) throws {
        // A header's offset beyond a day is garbage: this machine's zone is the better guess.
        let offset = reader.header.utcOffsetS.flatMap { abs($0) <= 86_400 ? $0 : nil } ?? TimeZone.current.secondsFromGMT()
        let current = state.time
        let t = try target.resolve(current: current, start: reader.startTime, end: reader.endTime, utcOffset: offset)
        seek(toTime: t)
    }

    /// Parses `text` (see ``ReplayTarget``) and jumps there (`b`); throws ``RecordingError`` (`.invalidTime`).
    public func jump(to text: String) throws { try jump(to: ReplayTarget.parse(text)) }

    /// The first mark after the shown frame (`n`); no effect after the last.
    public func nextMark() {
        control { m, now in
            if let mark = reader.marks.first(where: { $0.frameIndex > m.frame }) { m.show(frame: mark.frameIndex, now: now) }
        }
    }

    /// The last mark before the shown frame (`N`); no effect before the first.
    public func previousMark() {
        control { m, now in
            if let mark = reader.marks.last(where: { $0.frameIndex < m.frame }) { m.show(frame: mark.frameIndex, now: now) }
        }
    }

    private func control(_ change: (inout PlaybackMachine, Int64) -> Void) {
        let now = clock.now()
        machine.withLock { m in
            m.tick(now: now)
            change(&m, now)
        }
        notifyListeners()
    }
}
