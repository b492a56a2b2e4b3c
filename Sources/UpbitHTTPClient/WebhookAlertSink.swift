import AsyncHTTPClient
import DequeModule
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import UpbitRateLimit

/// Posts the alerts of one ``UpbitRateLimit/AlertChannel`` — the levels routed to it — in
/// its format: Slack incoming-webhook text, PagerDuty Events API v2 (trigger and resolve
/// with a `dedup_key`), or the alert as JSON.
///
/// ``deliver(_:)`` only appends to a bounded queue (the oldest alert is dropped when it is
/// full, and counted), so an alert never waits for the network, and no acquire ever waits
/// for an alert. A raise of an alert already raised and not resolved is not sent again
/// (counted as deduplicated). ``run(heartbeat:)`` — supervised by
/// ``UpbitRateLimit/LimiterRuntime`` as `sink:<channel>` — sends them one by one, retrying
/// 429, 5xx and transport errors with exponential backoff (honouring `Retry-After`), up to
/// `maxAttempts` per alert.
public final class WebhookAlertSink: AlertSink {
    /// Queue, retry and timeout settings. Every property has a default.
    public struct Configuration: Sendable {
        /// Alerts kept while the webhook is slow; the oldest go first.
        public var capacity: Int
        /// Tries per alert, the first included.
        public var maxAttempts: Int
        /// The wait after the first failed try; doubled after each.
        public var initialBackoff: Duration
        /// The longest wait between tries.
        public var maxBackoff: Duration
        /// The longest one POST may take.
        public var requestTimeout: Duration
        /// How often an idle sender looks at the queue.
        public var pollInterval: Duration

        /// Defaults: 256 alerts, 5 tries, backoff 0.5 s → 30 s, 5 s per POST.
        public init(capacity: Int = 256, maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(500),
                    maxBackoff: Duration = .seconds(30), requestTimeout: Duration = .seconds(5),
                    pollInterval: Duration = .milliseconds(250)) {
            self.capacity = max(1, capacity)
            self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.requestTimeout = requestTimeout
            self.pollInterval = pollInterval
        }
    }

    /// Counters of what happened to the alerts handed over.
    public struct Counters: Hashable, Sendable {
        /// Alerts the webhook accepted.
        public var sent: UInt64 = 0
        /// Alerts dropped from a full queue (the oldest first).
        public var dropped: UInt64 = 0
        /// Alerts given up after every try.
        public var failed: UInt64 = 0
        /// Tries after the first.
        public var retries: UInt64 = 0
        /// Raises not sent because the same alert was raised and not resolved.
        public var deduplicated: UInt64 = 0
    }

    struct State {
        var queue: Deque<Alert> = []
        var counters = Counters()
        /// Dedup keys of alerts raised and not resolved.
        var open: Set<String> = []
    }

    /// The channel's name: the runtime supervises the sender as `sink:<name>`.
    public var name: String { channel.name }
    /// Where, what and in which format.
    public let channel: AlertChannel
    private let configuration: Configuration
    private let client: HTTPClient
    private let clock: any LimiterClock
    private let logger: Logger
    private let state = Mutex(State())

    /// A sink posting `channel`'s levels to its URL with `client` (default: the shared client).
    public init(channel: AlertChannel, configuration: Configuration = .init(), client: HTTPClient = .shared,
                clock: any LimiterClock = SystemLimiterClock(), logger: Logger = Logger(label: "upbit.ratelimit.webhook")) {
        self.channel = channel
        self.configuration = configuration
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// One sink per channel of `configuration` (what `serve` and `console` run).
    public static func sinks(for configuration: RuntimeConfiguration) -> [any AlertSink] {
        configuration.alertChannels.filter { !$0.levels.isEmpty }.map { WebhookAlertSink(channel: $0) }
    }

    /// What has been sent, dropped (queue full), failed (out of tries), retried and deduplicated.
    public var counters: Counters { state.withLock { $0.counters } }

    /// Queues `alert` if its level is routed here; drops the oldest queued alert when full. Never blocks.
    public func deliver(_ alert: Alert) {
        guard channel.levels.contains(alert.level) else { return }
        let key = AlertChannel.dedupKey(of: alert)
        state.withLock { s in
            if alert.state == .resolved {
                s.open.remove(key)
            } else if !s.open.insert(key).inserted {
                s.counters.deduplicated += 1
                return
            }
            if s.queue.count >= configuration.capacity {
                s.queue.removeFirst()
                s.counters.dropped += 1
            }
            s.queue.append(alert)
        }
    }

    /// Sends queued alerts one by one until cancelled.
    public func run(heartbeat: Heartbeat) async throws {
        while true {
            guard let alert = state.withLock({ $0.queue.popFirst() }) else {
                try await heartbeat.sleep(until: heartbeat.now + configuration.pollInterval.nanoseconds)
                continue
            }
            try await send(alert, heartbeat: heartbeat)
        }
    }

    private func send(_ alert: Alert, heartbeat: Heartbeat) async throws {
        let body = try AlertPayload.body(alert, for: channel, now: clock.wallNow())
        var backoff = configuration.initialBackoff
        for attempt in 1...configuration.maxAttempts {
            var request = HTTPClientRequest(url: channel.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
            var retryAfter: Duration?
            var reason: String
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(configuration.requestTimeout.nanoseconds))
                if (200..<300).contains(response.status.code) {
                    state.withLock { $0.counters.sent += 1 }
                    return
                }
                reason = "HTTP \(response.status.code)"
                guard response.status == .tooManyRequests || response.status.code >= 500 else { break }
                retryAfter = Self.retryAfter(response.headers.first(name: "Retry-After"))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                reason = "\(error)"
            }
            guard attempt < configuration.maxAttempts else { break }
            state.withLock { $0.counters.retries += 1 }
            let wait = min(configuration.maxBackoff, retryAfter ?? backoff)
            logger.warning("webhook delivery failed, retrying", metadata: [
                "alert": "\(alert.rule)", "channel": "\(channel.name)", "attempt": "\(attempt)", "reason": "\(reason)", "retry_in": "\(wait)",
            ])
            try await heartbeat.sleep(until: heartbeat.now + wait.nanoseconds)
            backoff = min(configuration.maxBackoff, backoff * 2)
        }
        state.withLock { $0.counters.failed += 1 }
        logger.error("webhook delivery gave up", metadata: ["alert": "\(alert.rule)", "channel": "\(channel.name)"])
    }

    /// A `Retry-After` (``RetryAfter``) as a wait of at most an hour (the backoff cap applies after);
    /// nil when it states none.
    static func retryAfter(_ header: String?) -> Duration? {
        RetryAfter.parse(header).map { min($0, .seconds(3_600)) }
    }
}
