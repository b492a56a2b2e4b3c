/// The name of an Upbit limit group, as Upbit spells it in `Remaining-Req` (`market`, `order`, …).
public struct GroupID: RawRepresentable, Hashable, Sendable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (a: GroupID, b: GroupID) -> Bool { a.rawValue < b.rawValue }
    /// Compares lengths first (O(1) for native strings): most group names differ in length,
    /// which keeps lookups on the acquire hot path cheap.
    public static func == (a: GroupID, b: GroupID) -> Bool {
        a.rawValue.utf8.count == b.rawValue.utf8.count && a.rawValue == b.rawValue
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public static let market: GroupID = "market"
    public static let candle: GroupID = "candle"
    public static let trade: GroupID = "trade"
    public static let ticker: GroupID = "ticker"
    public static let orderbook: GroupID = "orderbook"
    public static let order: GroupID = "order"
    public static let orderTest: GroupID = "order-test"
    public static let orderCancelAll: GroupID = "order-cancel-all"
    public static let `default`: GroupID = "default"
    public static let websocketConnect: GroupID = "websocket-connect"
    public static let websocketMessage: GroupID = "websocket-message"
    public static let origin: GroupID = "origin"
}

/// Who a group's budget is shared by at the exchange; a 418 blocks every group of one scope.
public enum LimitScope: String, Hashable, Sendable, Codable, CaseIterable {
    /// Counted per egress IP (public quotation groups).
    case ip
    /// Counted per pocket: a main account or sub-account and all of its API keys.
    case pocket
    /// Counted per WebSocket connection.
    case connection
}

/// One published limit: at most `limit` requests in any interval of `seconds`.
public struct LimitWindow: Hashable, Sendable, Codable {
    public var limit: Int
    public var seconds: Double
    public init(limit: Int, seconds: Double) {
        self.limit = limit
        self.seconds = seconds
    }
    /// The accepted `limit` of a window: [1, 1000000] requests.
    public static let limits = 1...1_000_000
    /// The accepted `seconds` of a window: [0.001, 86400]; shorter would pace requests less than
    /// a nanosecond apart, i.e. not at all.
    public static let lengths = InputRange.closed(0.001, 86_400)

    /// Requests per second this window allows on average.
    public var perSecond: Double { Double(limit) / seconds }
}

/// A limit group: its windows (all must have room), its scope and its endpoints.
public struct LimitGroup: Hashable, Sendable, Codable {
    public var name: GroupID
    public var scope: LimitScope
    /// Every window must have room for a request to be admitted; a request consumes from all.
    public var windows: [LimitWindow]
    /// `METHOD /path` templates charged to this group; `{name}` matches one path segment.
    public var endpoints: [String]

    public init(name: GroupID, scope: LimitScope, windows: [LimitWindow], endpoints: [String] = []) {
        self.name = name
        self.scope = scope
        self.windows = windows
        self.endpoints = endpoints
    }

    /// The window with the highest average rate: the one whose pace the GCRA view follows.
    public var primaryWindow: LimitWindow {
        windows.min { $0.seconds < $1.seconds } ?? LimitWindow(limit: 1, seconds: 1)
    }
}
