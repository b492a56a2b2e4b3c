/// Permission to send one request, from a ``SharedRateLimiter``.
public struct SharedPermit: Hashable, Sendable {
    /// Where a shared permit's slot is counted.
    public enum Ticket: Hashable, Sendable {
        /// The group is not shared: only the local limiter counts it.
        case local
        /// A row in the shared store.
        case store(permitID: String)
        /// This host's static local reserve (no store call).
        case reserve(permitID: String)
    }

    /// The local limiter's permit (its FIFO queue and pace).
    public let permit: Permit
    /// Where the account-wide slot is counted.
    public let ticket: Ticket
    /// For a shared permit, the limiter clock's instant by which the request must be
    /// answered, released or abandoned: taken before the store was asked, so it is never
    /// later than the store's own bound.
    public let reportBy: Int64?

    /// The group charged.
    public var group: GroupID { permit.group }
}
