import UpbitRateLimit

/// Everything the console shows, as a value: frames in, keys in, effects out.
///
/// The state machine is pure and synchronous so tests drive it key by key; the host
/// (``ConsoleApp``) feeds it updates and keys, carries out its ``ConsoleEffect``s, and
/// renders it with ``ScreenRenderer`` whenever it changes.
public struct ConsoleState: Hashable, Sendable {
    /// How the header names the feed (`embedded`, `remote http://…`, `replay FILE`).
    public var sourceLabel: String
    /// Why control keys are disabled (`--readonly`, "replay: read-only"…); nil when they work.
    public var readOnlyReason: String?
    /// The replay's position; non-nil turns on the timeline and the replay keys.
    public var replay: ReplayStatus?
    /// The frame on screen.
    public private(set) var frame: StatusFrame?
    /// The newest frame received while the display was frozen.
    public private(set) var pending: StatusFrame?
    /// Whether the display is frozen (the limiter keeps going).
    public private(set) var frozen = false
    /// Whether the feed delivers.
    public var connection: ConnectionState = .live
    /// Queue-depth samples for the sparklines.
    public private(set) var history: FrameHistory
    /// Per-second samples of every group for the detail view's charts.
    public private(set) var series: SeriesHistory
    /// Events seen so far.
    public private(set) var log: EventLog
    /// Filter, sort, and whether the selected group's detail is open.
    public var view = GroupView()
    /// The other hosts when the console watches a fleet (host bar, all-hosts view); nil for one source.
    public var fleet: FleetStatus?
    /// Index of the selected group row.
    public var selection = 0
    /// The overlay open, if any.
    public var overlay: Overlay?
    /// The footer message, if any.
    public var message: StatusMessage?
    /// The theme's name, for the help overlay.
    public var themeName: String
    /// Seconds a footer message stays.
    public var messageSeconds = 4.0

    /// A console with no frame yet.
    public init(sourceLabel: String, readOnlyReason: String? = nil, themeName: String = "default",
                replay: ReplayStatus? = nil, historyCapacity: Int = 240) {
        self.sourceLabel = sourceLabel
        self.readOnlyReason = readOnlyReason
        self.themeName = themeName
        self.replay = replay
        history = FrameHistory(capacity: historyCapacity)
        series = SeriesHistory()
        log = EventLog()
    }

    // MARK: Updates

    /// Takes in an update from the feed.
    public mutating func receive(_ update: StatusUpdate) {
        switch update {
        case .frame(let frame):
            connection = .live
            if frozen { pending = frame } else { show(frame) }
        case .disconnected(let since, let reason):
            connection = .disconnected(since: since, reason: reason)
        case .ended(let reason):
            connection = .ended(reason: reason)
        }
    }

    /// Forgets the history and events (a replay jumped), keeping the frame on screen.
    public mutating func resetHistory() {
        history.removeAll()
        series.removeAll()
        log.removeAll()
    }

    mutating func show(_ frame: StatusFrame) {
        if let previous = self.frame, frame.t < previous.t || frame.seq < previous.seq { resetHistory() }
        let selected = selectedGroup
        self.frame = frame
        history.append(frame)
        series.append(frame)
        log.ingest(frame.events)
        reselect(selected)
    }

    mutating func setFrozen(_ on: Bool) {
        frozen = on
        if !on, let pending {
            self.pending = nil
            show(pending)
        }
    }

    // MARK: Messages

    /// Shows `text` in the footer for ``messageSeconds``.
    public mutating func say(_ text: String, role: Role = .normal, now: Double) {
        message = StatusMessage(text, role: role, expires: now + messageSeconds)
    }

    /// Drops an expired message; returns whether the screen changed.
    public mutating func expireMessage(now: Double) -> Bool {
        guard let message, now >= message.expires else { return false }
        self.message = nil
        return true
    }

    /// The selected group, if any.
    public var selectedGroup: GroupID? {
        let groups = visibleGroups
        guard groups.indices.contains(selection) else { return nil }
        return groups[selection].name
    }
}
