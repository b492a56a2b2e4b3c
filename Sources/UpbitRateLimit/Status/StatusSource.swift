/// What a viewer receives from a feed of status frames.
public enum StatusUpdate: Sendable {
    /// A new snapshot.
    case frame(StatusFrame)
    /// The feed is unreachable since `since` (unix seconds); it keeps trying.
    case disconnected(since: Double, reason: String)
    /// The feed is over (end of a recording, server gone for good).
    case ended(reason: String)
}

/// A feed of status frames: the embedded limiter, a remote sidecar, or a recording.
public protocol StatusSource: Sendable {
    /// How a viewer names the source: `embedded`, `remote http://127.0.0.1:8089`, …
    var label: String { get }
    /// Updates until the feed ends or the consuming task is cancelled.
    func updates() -> AsyncStream<StatusUpdate>
}

/// Frames of an in-process limiter, taken every `interval` on the limiter's clock.
public struct LimiterStatusFeed: StatusSource {
    private let snapshot: @Sendable () -> StatusFrame
    private let clock: any LimiterClock
    private let interval: Duration
    public let label: String

    /// A feed of `limiter.status()` every `interval` (the first frame at once).
    public init(limiter: RateLimiter, interval: Duration = .milliseconds(500), label: String = "embedded") {
        self.init(label: label, clock: limiter.clock, interval: interval) { limiter.status(source: label) }
    }

    /// A feed of `snapshot()` every `interval` on `clock`.
    public init(label: String, clock: any LimiterClock, interval: Duration,
                snapshot: @escaping @Sendable () -> StatusFrame) {
        self.label = label
        self.clock = clock
        self.interval = max(interval, .milliseconds(10))
        self.snapshot = snapshot
    }

    public func updates() -> AsyncStream<StatusUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusUpdate.self, bufferingPolicy: .bufferingNewest(2))
        let task = Task { [snapshot, clock, interval] in
            var next = clock.now()
            while !Task.isCancelled {
                continuation.yield(.frame(snapshot()))
                next += interval.nanoseconds
                do { try await clock.sleep(until: max(next, clock.now())) } catch { break }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
