import Foundation
import UpbitRateLimit

/// The body an ``AlertChannel`` of each format receives for one raise or resolve.
enum AlertPayload {
    /// The JSON body for `alert` on `channel` at `now` (unix seconds).
    static func body(_ alert: Alert, for channel: AlertChannel, now: Double) throws -> Data {
        let text = alert.text(now: now)
        let object: [String: Any]
        switch channel.format {
        case .slack:
            object = ["text": text]
        case .pagerduty:
            var event: [String: Any] = [
                "routing_key": channel.routingKey ?? "", "dedup_key": AlertChannel.dedupKey(of: alert),
                "event_action": alert.state == .resolved ? "resolve" : "trigger",
            ]
            if alert.state != .resolved {
                var payload: [String: Any] = [
                    "summary": String(text.prefix(1024)), "source": "upbit-limiter", "severity": severity(alert.level),
                    "timestamp": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: alert.since)),
                    "custom_details": ["rule": alert.rule, "level": alert.level.rawValue, "value": finite(alert.value),
                                       "message": alert.message],
                ]
                if let group = alert.group { payload["component"] = group.rawValue }
                event["payload"] = payload
            }
            object = event
        case .json:
            var fields: [String: Any] = [
                "rule": alert.rule, "level": alert.level.rawValue, "state": alert.state.rawValue, "since": alert.since,
                "value": finite(alert.value), "message": alert.message, "text": text, "dedup_key": AlertChannel.dedupKey(of: alert),
                "source": "upbit-limiter",
            ]
            fields["subject"] = alert.subject
            fields["group"] = alert.group?.rawValue
            fields["resolved_at"] = alert.resolvedAt
            object = fields
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// `value`, or null when it is not finite (JSON has no NaN or infinity).
    private static func finite(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

    /// PagerDuty's severity for a level: P0 critical, P1 error, P2 warning, P3 info.
    static func severity(_ level: AlertLevel) -> String {
        switch level {
        case .p0: "critical"
        case .p1: "error"
        case .p2: "warning"
        case .p3: "info"
        }
    }
}
