extension RuntimeConfiguration {
    /// `webhook_url` (Slack format, P0–P2), `alert_channels` and `alert_routes`:
    ///
    /// ```json
    /// "alert_channels": {
    ///   "slack_ops": {"url": "https://hooks.slack.com/services/…", "format": "slack"},
    ///   "pagerduty": {"url": "https://events.pagerduty.com/v2/enqueue", "format": "pagerduty", "routing_key": "…"},
    ///   "sms": {"url": "http://127.0.0.1:9100/sms", "format": "json"}
    /// },
    /// "alert_routes": {"P0": ["slack_ops", "pagerduty", "sms"], "P1": ["slack_ops"], "P2": [], "P3": []}
    /// ```
    ///
    /// Without `alert_routes` the seed's routing applies to the channels of its names
    /// (``AlertChannel/seedRoutes``). Errors name the key and the value.
    static func channels(in root: ConfigObjectReader) throws(ConfigurationError) -> [AlertChannel] {
        var webhook: [AlertChannel] = []
        if let url = try root.string("webhook_url") {
            guard AlertChannel.isWebURL(url) else { throw root.error("webhook_url", "must be an http(s) URL, got \"\(url)\"") }
            webhook.append(AlertChannel(name: "webhook", url: url, format: .slack, levels: [.p0, .p1, .p2]))
        }
        guard let list = try root.object("alert_channels") else {
            if root.object["alert_routes"] != nil { throw root.error("alert_routes", "needs alert_channels") }
            return webhook
        }
        var channels: [AlertChannel] = []
        for name in list.object.keys.sorted() {
            guard let c = try list.object(name) else { continue }
            if !webhook.isEmpty, name == "webhook" { throw list.error(name, "'webhook' is the channel webhook_url makes") }
            channels.append(try channel(name, c))
        }
        let routes = try self.routes(in: root, known: Set(channels.map(\.name)))
        for i in channels.indices {
            channels[i].levels = Set(AlertLevel.allCases.filter { routes[$0]?.contains(channels[i].name) == true })
        }
        return webhook + channels
    }

    private static func channel(_ name: String, _ c: ConfigObjectReader) throws(ConfigurationError) -> AlertChannel {
        try c.checkKeys(["url", "format", "routing_key"])
        let shown = { (key: String) in c.object[key].map(ConfigObjectReader.show) ?? "nothing" }
        guard let url = try c.string("url"), AlertChannel.isWebURL(url) else {
            throw c.error("url", "must be an http(s) URL, got \(shown("url"))")
        }
        guard let raw = try c.string("format"), let format = AlertChannel.Format(rawValue: raw) else {
            let formats = AlertChannel.Format.allCases.map(\.rawValue).joined(separator: ", ")
            throw c.error("format", "must be one of \(formats), got \(shown("format"))")
        }
        let key = try c.string("routing_key")
        if format == .pagerduty, (key ?? "").isEmpty { throw c.error("routing_key", "a pagerduty channel needs its integration key") }
        return AlertChannel(name: name, url: url, format: format, routingKey: key, levels: [])
    }

    private static func routes(in root: ConfigObjectReader, known: Set<String>) throws(ConfigurationError) -> [AlertLevel: [String]] {
        guard let r = try root.object("alert_routes") else { return AlertChannel.seedRoutes }
        try r.checkKeys(Set(AlertLevel.allCases.map(\.rawValue)))
        var routes: [AlertLevel: [String]] = [:]
        for level in AlertLevel.allCases {
            guard let names = try r.strings(level.rawValue) else { continue }
            for name in names where !known.contains(name) {
                throw r.error(level.rawValue, "no channel '\(name)' in alert_channels (known: \(known.sorted().joined(separator: ", ")))")
            }
            routes[level] = names
        }
        return routes
    }
}
