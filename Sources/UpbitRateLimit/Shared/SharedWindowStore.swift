/// Where one account's windows live when several hosts share them (issue #14).
///
/// The store, not the host, decides: it keeps a sliding log per (account, group) — one
/// row per permit with its settle instant — and reads its own clock, so hosts send only
/// durations and skew between hosts does not matter. Implementations: ``InMemoryWindowStore``
/// (one process, tests, the local reserve) and `PostgresWindowStore` (`LimiterSharedStore`).
///
/// Every call may throw: the caller (``SharedRateLimiter``) treats an error or a slow
/// answer as "unavailable" and fails closed.
public protocol SharedWindowStore: Sendable {
    /// Admits `request.permitID` if every window has room, else says how long to wait.
    ///
    /// Idempotent by permit id: asking again for a permit already admitted answers
    /// ``SharedVerdict/granted(hostsSeen:)`` without counting it twice.
    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict

    /// The permit's answer came `answerAge` before this call was sent: its row settles at the store's now
    /// less that age (never later than its lease bound; it still counts for one window after).
    func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws

    /// The permit's request was never sent: its row is removed.
    func release(account: String, group: GroupID, permitID: String) async throws

    /// Holds `groups` of `account` for `duration` on every host (a 429 or 418 seen by one host).
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws
}

/// One admission question to a ``SharedWindowStore``.
public struct SharedAcquireRequest: Hashable, Sendable {
    /// The account (pocket) whose windows are shared.
    public var account: String
    /// The group charged.
    public var group: GroupID
    /// The windows to apply, limits already scaled by the rate ratio and less the reserves.
    public var windows: [LimitWindow]
    /// A host-unique id; a retried acquire with the same id is not counted twice.
    public var permitID: String
    /// The permit's row counts at least until the store's now + `lease`, or its report.
    public var lease: Duration
    /// The longest lease any host uses: a store that lost its rows waits the longest
    /// window plus this before it admits again.
    public var longestLease: Duration
    /// Names the asking host (for "hosts seen").
    public var host: String

    public init(account: String, group: GroupID, windows: [LimitWindow], permitID: String, lease: Duration,
                longestLease: Duration, host: String) {
        self.account = account
        self.group = group
        self.windows = windows
        self.permitID = permitID
        self.lease = lease
        self.longestLease = longestLease
        self.host = host
    }
}

/// A store's answer to ``SharedWindowStore/acquire(_:)``.
public enum SharedVerdict: Hashable, Sendable {
    /// Admitted; `hostsSeen` is how many hosts asked for this account recently.
    case granted(hostsSeen: Int)
    /// Not now: ask again after this long (the oldest row leaves, a hold ends, or a store
    /// that lost its rows finishes its quarantine).
    case retry(after: Duration)
}
