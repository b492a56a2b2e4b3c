import Foundation
import Testing
import UpbitRateLimit

/// `webhook_url`, `alert_channels` and `alert_routes`: the seed's per-level routing.
@Suite struct AlertChannelConfigurationTests {
    func decode(_ text: String) throws(ConfigurationError) -> RuntimeConfiguration {
        try RuntimeConfiguration.decode(Data(text.utf8), origin: "limiter.json")
    }

    static let seedChannels = #"""
        {"alert_channels": {
           "slack_ops": {"url": "https://hooks.example.invalid/ops", "format": "slack"},
           "pagerduty": {"url": "https://events.example.invalid/v2/enqueue", "format": "pagerduty", "routing_key": "K"},
           "sms": {"url": "http://127.0.0.1:9100/sms", "format": "json"},
           "email": {"url": "http://127.0.0.1:9100/mail", "format": "json"},
           "slack_dev": {"url": "https://hooks.example.invalid/dev", "format": "slack"}}}
        """#

    @Test func withoutRoutesTheSeedsRoutingApplies() throws {
        let channels = Dictionary(uniqueKeysWithValues: try decode(Self.seedChannels).alertChannels.map { ($0.name, $0) })
        #expect(channels["slack_ops"]?.levels == [.p0, .p1])
        #expect(channels["pagerduty"]?.levels == [.p0] && channels["pagerduty"]?.routingKey == "K")
        #expect(channels["sms"]?.levels == [.p0] && channels["sms"]?.format == .json)
        #expect(channels["email"]?.levels == [.p1])
        #expect(channels["slack_dev"]?.levels == [.p2])
        #expect(!channels.values.contains { $0.levels.contains(.p3) }, "P3 is dashboard only")
    }

    @Test func routesNameTheChannelsPerLevel() throws {
        let c = try decode(#"""
            {"webhook_url": "https://hooks.example.invalid/all",
             "alert_channels": {"ops": {"url": "http://127.0.0.1:1/ops", "format": "slack"}},
             "alert_routes": {"P0": ["ops"], "P3": ["ops"]}}
            """#)
        #expect(c.alertChannels.map(\.name) == ["webhook", "ops"])
        #expect(c.alertChannels[0].levels == [.p0, .p1, .p2] && c.alertChannels[0].format == .slack)
        #expect(c.alertChannels[1].levels == [.p0, .p3])
    }

    @Test(arguments: [
        (#"{"alert_channels": {"ops": {"url": "ftp://x", "format": "slack"}}}"#,
         "limiter.json:1: 'alert_channels.ops.url': must be an http(s) URL, got \"ftp://x\""),
        (#"{"alert_channels": {"ops": {"url": "http://x", "format": "teams"}}}"#,
         "limiter.json:1: 'alert_channels.ops.format': must be one of slack, pagerduty, json, got \"teams\""),
        (#"{"alert_channels": {"pd": {"url": "http://x", "format": "pagerduty"}}}"#,
         "limiter.json: 'alert_channels.pd.routing_key': a pagerduty channel needs its integration key"),
        (#"{"alert_channels": {"ops": {"url": "http://x", "format": "json", "retries": 3}}}"#,
         "limiter.json:1: 'alert_channels.ops.retries': unknown key"),
        (#"{"alert_channels": {"ops": {"url": "http://x", "format": "json"}}, "alert_routes": {"P0": ["pager"]}}"#,
         "limiter.json:1: 'alert_routes.P0': no channel 'pager' in alert_channels (known: ops)"),
        (#"{"alert_channels": {"ops": {"url": "http://x", "format": "json"}}, "alert_routes": {"P0": "ops"}}"#,
         "limiter.json:1: 'alert_routes.P0': must be an array of strings, got \"ops\""),
        (#"{"alert_channels": {"ops": {"url": "http://x", "format": "json"}}, "alert_routes": {"P5": []}}"#,
         "limiter.json:1: 'alert_routes.P5': unknown key"),
        (#"{"alert_routes": {"P0": []}}"#, "limiter.json:1: 'alert_routes': needs alert_channels"),
    ])
    func badChannelsAreNamed(text: String, expected: String) {
        do {
            _ = try decode(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.message.hasPrefix(expected), "\(error.message)")
        }
    }
}
