import UpbitRateLimit

/// An event as read from a recording, with where it falls among the frames.
public struct RecordedEvent: Hashable, Sendable {
    /// The event.
    public var event: LimiterEvent
    /// The index of the first frame recorded after it (the frame that first shows it).
    public var frameIndex: Int
}

/// A moment worth a tick on the timeline bar: an alert, an operator action or a restart.
public struct ReplayMark: Hashable, Sendable {
    /// What happened.
    public enum Kind: String, Hashable, Sendable {
        /// An alert was raised.
        case alert
        /// An operator acted: emergency mode, recovery reset, configuration reload, …
        case operatorAction = "operator"
        /// A background task restarted.
        case restart
    }

    /// What happened.
    public var kind: Kind
    /// Wall-clock unix seconds of the event.
    public var t: Double
    /// Seconds since the recording's first frame.
    public var position: Double
    /// The frame that first shows it; jumping to the mark shows this frame.
    public var frameIndex: Int
    /// The alert's level (alerts only).
    public var level: AlertLevel?
    /// The event's sentence.
    public var message: String

    /// The mark for `recorded`, if its kind is one the timeline shows.
    init?(_ recorded: RecordedEvent, start: Double, lastFrame: Int) {
        let event = recorded.event
        switch event.kind {
        case "alert": kind = .alert
        case "operator", "emergency", "recovery_reset", "config": kind = .operatorAction
        case "restart": kind = .restart
        default: return nil
        }
        t = event.t
        position = max(0, event.t - start)
        frameIndex = min(recorded.frameIndex, lastFrame)
        level = kind == .alert ? AlertLevel(rawValue: String(event.message.prefix(2))) : nil
        message = event.message
    }
}
