import UpbitRateLimit

/// What the console asks its host to do after a key.
public enum ConsoleEffect: Hashable, Sendable {
    /// Switch emergency mode on (for `duration`) or off, through the ``LimiterControl``.
    case setEmergency(enabled: Bool, duration: Duration?)
    /// Reset the recovery of one group, or all (nil).
    case resetRecovery(GroupID?)
    /// Switch to the next theme.
    case nextTheme
    /// Drive the replay.
    case replay(ReplayCommand)
    /// Leave the console.
    case quit
}

/// Whether the feed is delivering.
public enum ConnectionState: Hashable, Sendable {
    /// Frames arrive.
    case live
    /// The feed is unreachable since `since` (unix seconds) and retrying.
    case disconnected(since: Double, reason: String)
    /// The feed is over.
    case ended(reason: String)
}
