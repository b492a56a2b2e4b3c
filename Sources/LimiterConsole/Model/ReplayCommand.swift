/// What the replay keys ask of a replay player.
public enum ReplayCommand: Hashable, Sendable {
    /// Pause or resume (space).
    case togglePause
    /// Twice as fast (`+`), up to 64×.
    case faster
    /// Half as fast (`-`), down to 0.25×.
    case slower
    /// One frame forward (`t`, +1) or back (`T`, -1); pauses.
    case step(Int)
    /// Seconds forward or back (`→` +10, `←` -10).
    case seek(seconds: Double)
    /// To a time typed after `b`: absolute `hh:mm[:ss]` or relative `+5m`, `-30s`
    /// (the player parses it and throws a message when it cannot).
    case jump(String)
    /// To the next (`n`) or previous (`N`) mark.
    case mark(forward: Bool)
    /// Back to the start (`r`).
    case rewind
    /// To the last frame (`Z`).
    case end
}
