import UpbitRateLimit

/// The events the console has seen, each once, newest last.
///
/// Frames repeat their latest events; ids tell new from seen. An id lower than the last
/// one seen means the feed started over (a restarted sidecar, a rewound replay): the log
/// starts over with it.
public struct EventLog: Hashable, Sendable {
    /// Events kept.
    public let capacity: Int
    /// The events, oldest first.
    public private(set) var events: [LimiterEvent] = []
    private var lastID: UInt64?

    /// An empty log keeping `capacity` events.
    public init(capacity: Int = 500) { self.capacity = max(1, capacity) }

    /// Adds the events of a frame that were not seen yet.
    public mutating func ingest(_ incoming: [LimiterEvent]) {
        if let newest = incoming.last?.id, let lastID, newest < lastID { removeAll() }
        for event in incoming where lastID.map({ event.id > $0 }) ?? true {
            events.append(event)
            lastID = event.id
        }
        if events.count > capacity { events.removeFirst(events.count - capacity) }
    }

    /// Forgets everything.
    public mutating func removeAll() {
        events.removeAll()
        lastID = nil
    }
}
