import UpbitRateLimit

/// One host of a fleet as the host bar and the all-hosts view show it.
public struct HostHealth: Hashable, Sendable {
    /// The host's URL (or label).
    public var name: String
    /// Whether its feed delivers, and since when it does not.
    public var connection: ConnectionState
    /// Whether a frame was ever received.
    public var seen: Bool
    /// Active alerts by level.
    public var alerts: [AlertLevel: Int]
    /// Its groups, worst first (see ``FleetStatus/badness(_:)``).
    public var worstGroups: [GroupStatus]

    /// The health of `name` from its console state.
    public init(name: String, state: ConsoleState) {
        self.name = name
        connection = state.connection
        seen = state.frame != nil
        var alerts: [AlertLevel: Int] = [:]
        for alert in state.frame?.alerts ?? [] where alert.state != .resolved { alerts[alert.level, default: 0] += 1 }
        self.alerts = alerts
        worstGroups = (state.frame?.groups ?? []).filter { FleetStatus.badness($0) > 0 }
            .sorted { FleetStatus.badness($0) > FleetStatus.badness($1) }
    }

    /// `P0:1 P2:3`, or `no alerts`.
    public var alertSummary: String {
        let parts = AlertLevel.allCases.compactMap { level in alerts[level].map { "\(level.rawValue):\($0)" } }
        return parts.isEmpty ? "no alerts" : parts.joined(separator: " ")
    }

    /// The most urgent active alert level, if any.
    public var worstAlert: AlertLevel? { AlertLevel.allCases.first { alerts[$0] != nil } }
}

/// The fleet around the host on screen: every host's health, which one is shown, and
/// whether the all-hosts view is open. Set by the loop on each host's state before drawing.
public struct FleetStatus: Hashable, Sendable {
    /// Every host, in command-line order.
    public var hosts: [HostHealth]
    /// The host whose groups are shown.
    public var selected: Int
    /// Whether the all-hosts view (worst groups of every host) replaces the group table.
    public var overview: Bool
    /// Wall-clock unix seconds of the draw (how long a host has been down).
    public var now: Double

    /// A fleet status.
    public init(hosts: [HostHealth], selected: Int, overview: Bool, now: Double) {
        self.hosts = hosts
        self.selected = selected
        self.overview = overview
        self.now = now
    }

    /// How badly a group needs a look: 418 block or open circuit first, then 429s, queue,
    /// wait and utilisation. 0 for a healthy idle group.
    public static func badness(_ g: GroupStatus) -> Double {
        var score = 0.0
        if g.blockedForS != nil { score += 1e9 }
        if g.circuit == .open { score += 1e8 } else if g.circuit == .halfOpen { score += 1e7 }
        if g.rateRatio < 0.95 { score += 1e6 * (1 - TextFormat.bounded(g.rateRatio)) }
        score += TextFormat.bounded(Double(g.queueDepth)) * 1000
        score += TextFormat.bounded(g.waitMs.p95)
        return score.isFinite ? score : 1e12
    }
}
