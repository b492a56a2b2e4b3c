import Foundation

/// Somewhere alerts of some levels are sent over HTTP: a chat webhook, a pager, a relay
/// for e-mail or SMS. Configured by `alert_channels` and `alert_routes` (or `webhook_url`);
/// the sidecar makes one delivering sink per channel (`WebhookAlertSink`).
public struct AlertChannel: Hashable, Sendable {
    /// The body posted for each raise and resolve.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        /// Slack incoming webhook: `{"text": "[P1 RAISED] rule: message"}`.
        case slack
        /// PagerDuty Events API v2: trigger and resolve with a `dedup_key` per rule and subject.
        case pagerduty
        /// The alert as JSON (rule, level, state, subject, value, message, text, dedup_key), for relays.
        case json
    }

    /// The channel's name in the configuration (`slack_ops`).
    public var name: String
    /// Where alerts are POSTed (http or https).
    public var url: String
    /// The body's format.
    public var format: Format
    /// PagerDuty's integration key (required by `pagerduty`).
    public var routingKey: String?
    /// The levels routed here.
    public var levels: Set<AlertLevel>

    /// A channel; ``levels`` empty receives nothing.
    public init(name: String, url: String, format: Format, routingKey: String? = nil, levels: Set<AlertLevel>) {
        self.name = name
        self.url = url
        self.format = format
        self.routingKey = routingKey
        self.levels = levels
    }

    /// The seed's routing by channel name: P0 → ops chat, pager and SMS; P1 → ops chat and
    /// e-mail; P2 → dev chat; P3 → dashboard only.
    public static let seedRoutes: [AlertLevel: [String]] = [
        .p0: ["slack_ops", "pagerduty", "sms"], .p1: ["slack_ops", "email"], .p2: ["slack_dev"], .p3: [],
    ]

    /// The key that names one alert across its raise and resolve: `upbit-limiter/<rule>/<subject>`.
    public static func dedupKey(of alert: Alert) -> String {
        "upbit-limiter/\(alert.rule)/\(alert.subject ?? "process")"
    }

    /// Whether `text` is an http(s) URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        (try? CheckedInput.webURL(text, "url")) != nil
    }
}
