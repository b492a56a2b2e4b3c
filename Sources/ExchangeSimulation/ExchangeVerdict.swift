import UpbitRateLimit

/// Who sent a request, as the exchange keys its limits.
public struct ClientIdentity: Hashable, Sendable {
    /// The remote address (public groups are counted per IP).
    public var ip: String
    /// The pocket of the API key, for exchange (private) groups; nil for anonymous calls.
    public var pocket: String?
    /// The WebSocket connection, for per-connection groups.
    public var connection: String?

    /// A client at `ip`, optionally authenticated to `pocket`, optionally on `connection`.
    public init(ip: String, pocket: String? = nil, connection: String? = nil) {
        self.ip = ip
        self.pocket = pocket
        self.connection = connection
    }

    /// The key this client is counted under for a group of `scope`; falls back to the IP.
    public func key(for scope: LimitScope) -> String {
        switch scope {
        case .ip: "ip:" + ip
        case .pocket: pocket.map { "pocket:" + $0 } ?? "ip:" + ip
        case .connection: connection.map { "connection:" + $0 } ?? "ip:" + ip
        }
    }
}

/// The exchange's answer to one request, before any fault or latency is added.
public struct Verdict: Hashable, Sendable {
    /// 200 (accepted), 429 (over the limit) or 418 (blocked).
    public var status: Int
    /// The group the request was charged to.
    public var group: GroupID
    /// Requests left in the group's shortest window for this scope key (`sec=`).
    public var remaining: Int
    /// The deprecated `min=` figure.
    public var minuteFigure: Int
    /// For a 418: how long the scope key stays blocked, nanoseconds.
    public var blockedForNanos: Int64?

    /// A verdict; see the properties.
    public init(status: Int, group: GroupID, remaining: Int, minuteFigure: Int, blockedForNanos: Int64? = nil) {
        self.status = status
        self.group = group
        self.remaining = remaining
        self.minuteFigure = minuteFigure
        self.blockedForNanos = blockedForNanos
    }

    /// The `Remaining-Req` header value Upbit would send: `group=X; min=Y; sec=Z`.
    public var remainingReq: String { "group=\(group.rawValue); min=\(minuteFigure); sec=\(remaining)" }

    /// Seconds of block left, rounded up, for a `Retry-After` header or an error body.
    public var blockedForSeconds: Int? { blockedForNanos.map { Int(($0 + 999_999_999) / 1_000_000_000) } }
}

/// What the exchange saw of one group.
public struct GroupCounts: Hashable, Sendable, Codable {
    /// Every request charged to the group.
    public var requests: Int = 0
    /// Requests that fit the limits.
    public var accepted: Int = 0
    /// Requests answered 429.
    public var tooMany429: Int = 0
    /// Requests answered 418 (including those during a block).
    public var blocked418: Int = 0
    /// Accepted requests that were then answered with a simulated 5xx.
    public var faults5xx: Int = 0

    /// Zero counts.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case requests, accepted
        case tooMany429 = "too_many_429"
        case blocked418 = "blocked_418"
        case faults5xx = "faults_5xx"
    }
}
