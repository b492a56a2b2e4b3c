/// The shared store as one host sees it: part of ``StatusFrame`` (`shared_store`, since v3).
public struct SharedStoreStatus: Codable, Hashable, Sendable {
    /// The store's kind and address without credentials (`postgres://host:port/db`).
    public var store: String
    /// The account shared.
    public var account: String
    /// Whether the last store call answered in time.
    public var reachable: Bool
    /// Round trip of store calls, milliseconds.
    public var roundTripMs: Percentiles
    /// Hosts that asked the store for this account in the last 10 s (as of the last answer).
    public var hostsSeen: Int
    /// Permits of this host's local reserve counted now.
    public var reserveInUse: Int
    /// Periods during which the store was unavailable (fail closed, reserve only).
    public var failClosedPeriods: UInt64
    /// Total seconds spent in such periods, the current one included.
    public var failClosedS: Double
    /// Acquires refused because the store was unavailable and the reserve was spent.
    public var refusedTotal: UInt64

    public init(store: String, account: String, reachable: Bool, roundTripMs: Percentiles, hostsSeen: Int,
                reserveInUse: Int, failClosedPeriods: UInt64, failClosedS: Double, refusedTotal: UInt64) {
        self.store = store
        self.account = account
        self.reachable = reachable
        self.roundTripMs = roundTripMs
        self.hostsSeen = hostsSeen
        self.reserveInUse = reserveInUse
        self.failClosedPeriods = failClosedPeriods
        self.failClosedS = failClosedS
        self.refusedTotal = refusedTotal
    }

    enum CodingKeys: String, CodingKey {
        case store, account, reachable
        case roundTripMs = "round_trip_ms", hostsSeen = "hosts_seen", reserveInUse = "reserve_in_use"
        case failClosedPeriods = "fail_closed_periods", failClosedS = "fail_closed_s", refusedTotal = "refused_total"
    }
}
