import UpbitRateLimit

/// The exchange side of the limits: what Upbit would answer to each arriving request.
///
/// A pure state machine with injected time (monotonic nanoseconds): per group and per scope
/// key (IP for `ip` groups, pocket for `pocket` groups, connection for `connection`
/// groups) it counts accepted requests in every window of the group, strictly (sliding by
/// default). A request that does not fit gets 429 and is not counted. A client that keeps
/// going — more than ``Configuration/offenceThreshold`` 429s within
/// ``Configuration/offenceWindow`` on one scope key — gets 418, and its whole scope key
/// (every group of that scope) is blocked; each new block on the same key lasts twice as
/// long as the one before, up to ``Configuration/blockMax``.
///
/// ```swift
/// var enforcer = ExchangeEnforcer()
/// let verdict = enforcer.admit(group: .ticker, client: .init(ip: "10.0.0.1"), now: t)
/// verdict.status        // 200, 429 or 418
/// verdict.remainingReq  // "group=ticker; min=600; sec=9"
/// ```
public struct ExchangeEnforcer: Sendable {
    /// How a window is counted.
    public enum WindowMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// At most N in any interval `(t - W, t]` (the strict reading; default).
        case sliding
        /// At most N per window aligned on multiples of W (a naive server).
        case fixed
    }

    private struct CounterKey: Hashable, Sendable {
        let group: GroupID
        let key: String
    }
    private struct ScopeKey: Hashable, Sendable {
        let scope: LimitScope
        let key: String
    }
    private struct Offender: Sendable {
        var recent429: [Int64] = []
        var blocks = 0
        var blockedUntil: Int64 = .min
    }

    /// The rules in force.
    public let configuration: Configuration
    private let groups: [GroupID: LimitGroup]
    private let endpoints: EndpointMap
    private var counters: [CounterKey: [WindowCounter]] = [:]
    private var offenders: [ScopeKey: Offender] = [:]
    private var lastNow: Int64 = .min
    /// Requests, 429s and 418s per group since the start.
    public private(set) var stats: [GroupID: GroupCounts] = [:]

    /// An enforcer of `configuration.limits`.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        groups = Dictionary(uniqueKeysWithValues: configuration.limits.groups.map { ($0.name, $0) })
        endpoints = EndpointMap(table: configuration.limits)
        for group in configuration.limits.groups { stats[group.name] = GroupCounts() }
    }

    /// Judges one request charged to `group` from `client`, arriving at `now`.
    ///
    /// Sliding windows judge an arrival stamped before the latest one seen at its own
    /// instant, against every window that contains it; fixed windows judge it at the latest
    /// instant seen.
    /// A group missing from the table is judged as `default`.
    public mutating func admit(group name: GroupID, client: ClientIdentity, now arrival: Int64) -> Verdict {
        let now = configuration.windowMode == .sliding ? arrival : max(arrival, lastNow)
        lastNow = max(arrival, lastNow)
        let group = groups[name] ?? groups[.default]!
        let scopeKey = ScopeKey(scope: group.scope, key: client.key(for: group.scope))
        let counterKey = CounterKey(group: group.name, key: scopeKey.key)
        stats[group.name, default: GroupCounts()].requests += 1
        var windows = counters[counterKey] ?? group.windows.map { WindowCounter(window: $0, mode: configuration.windowMode) }
        defer { counters[counterKey] = windows }
        let primary = group.windows.indices.min { group.windows[$0].seconds < group.windows[$1].seconds }!
        var offender = offenders[scopeKey] ?? Offender()
        defer { offenders[scopeKey] = offender }

        if offender.blockedUntil > now {
            stats[group.name]!.blocked418 += 1
            return Verdict(status: 418, group: group.name, remaining: 0,
                           minuteFigure: minuteFigure(group), blockedForNanos: offender.blockedUntil - now)
        }
        let fits = windows.indices.allSatisfy { windows[$0].hasRoom(now: now) }
        guard fits else {
            offender.recent429.removeAll { $0 <= now - configuration.offenceWindow.nanoseconds }
            offender.recent429.append(now)
            if offender.recent429.count > configuration.offenceThreshold {
                offender.recent429.removeAll()
                let length = min(configuration.blockMax.nanoseconds,
                                 configuration.blockBase.nanoseconds &<< min(offender.blocks, 30))
                offender.blocks += 1
                offender.blockedUntil = now + length
                stats[group.name]!.blocked418 += 1
                return Verdict(status: 418, group: group.name, remaining: 0,
                               minuteFigure: minuteFigure(group), blockedForNanos: length)
            }
            stats[group.name]!.tooMany429 += 1
            return Verdict(status: 429, group: group.name, remaining: 0, minuteFigure: minuteFigure(group))
        }
        for i in windows.indices { windows[i].record(now: now) }
        stats[group.name]!.accepted += 1
        return Verdict(status: 200, group: group.name, remaining: windows[primary].remaining(now: now),
                       minuteFigure: minuteFigure(group))
    }

    /// The group a request is charged to, from the enforcer's table.
    public func route(endpoint: String, method: String, hasOrigin: Bool = false) -> GroupID {
        endpoints.route(method: method, path: endpoint, hasOrigin: hasOrigin).group
    }

    /// Counts a simulated 5xx answered to an accepted request of `group`.
    public mutating func recordFault(group: GroupID) {
        stats[group, default: GroupCounts()].faults5xx += 1
    }

    /// Whether `client`'s key of `scope` is blocked at `now`, and for how long.
    public func blockRemaining(scope: LimitScope, client: ClientIdentity, now: Int64) -> Int64? {
        guard let until = offenders[ScopeKey(scope: scope, key: client.key(for: scope))]?.blockedUntil,
              until > now else { return nil }
        return until - now
    }

    /// The deprecated `min=` figure: the group's shortest window scaled to a minute.
    private func minuteFigure(_ group: LimitGroup) -> Int {
        let window = group.primaryWindow
        return Int((Double(window.limit) * 60 / window.seconds).rounded())
    }
}
