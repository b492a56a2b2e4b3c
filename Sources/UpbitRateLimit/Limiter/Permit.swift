/// Permission to send one request now.
public struct Permit: Hashable, Sendable {
    /// The group charged.
    public let group: GroupID
    /// How long the caller waited in the queue, nanoseconds.
    public let waitedNanos: Int64
    /// The limiter clock's instant of the release, nanoseconds.
    public let releasedAt: Int64
    /// The caller's correlation id, carried into logs and events.
    public let correlationID: String?
    /// For a leased permit, the limiter clock's instant by which the request is answered or
    /// abandoned; its window slot counts until ``RateLimiter/report(_:status:remainingReq:blockFor:)``
    /// (or this instant) instead of a fixed margin after the release, or is freed at once by
    /// ``RateLimiter/releaseUnsent(_:)``. Nil when not leased.
    public let reportBy: Int64?

    /// The identity of the permit's lease in its group's scheduler (nil: not leased), so a
    /// second report of one permit never closes another permit's lease.
    let leaseID: UInt64?

    /// How long the caller waited in the queue.
    public var waited: Duration { .nanoseconds(waitedNanos) }
}
