import Foundation
import UpbitRateLimit

/// Synthetic frames for rendering tests, built from JSON as a sidecar would send them.
enum SampleFrames {
    static let t0 = 1_795_000_000.0  // 2026-11-18 09:46:40 UTC

    static func groupJSON(_ name: String, limit: Double, window: Double = 1, ratio: Double = 1, queue: Int = 0,
                      wait95: Double = 0, drift95: Double = 0, utilization: Double = 0, e429: Int = 0, e418: Int = 0,
                      circuit: String = "closed", granted: Int = 0) -> String {
        """
        {"name":"\(name)","scope":"ip","limit_per_second":\(limit),"window_seconds":\(window),"rate_ratio":\(ratio),
         "queue_depth":\(queue),"granted_total":\(granted),"timeouts_total":0,"cancelled_total":0,"rejected_total":0,
         "errors_429_total":\(e429),"errors_418_total":\(e418),"unmapped_total":0,"malformed_headers_total":0,
         "consecutive_429":0,"wait_ms":{"p50":\(wait95 / 2),"p95":\(wait95)},"tat_drift_ms":{"p50":0,"p95":\(drift95)},
         "tat_ms":0,"utilization":\(utilization),"circuit":"\(circuit)","remaining_req_sec":7}
        """
    }

    /// A busy frame: a rate cut, a queue, 429s, an open circuit, tasks, alerts, events.
    static func busy(seq: UInt64 = 42, emergency: Bool = false, queue ticker: Int = 12) -> StatusFrame {
        let groups = [
            groupJSON("market", limit: 10, utilization: 0.1, granted: 120),
            groupJSON("candle", limit: 10, granted: 40),
            groupJSON("ticker", limit: 10, ratio: 0.6, queue: ticker, wait95: 640, drift95: 3, utilization: 1, e429: 2,
                  granted: 9120),
            groupJSON("orderbook", limit: 10, utilization: 0.3, granted: 300),
            groupJSON("order", limit: 8, queue: 3, wait95: 120, utilization: 0.5, granted: 77),
            groupJSON("order-cancel-all", limit: 0.5, window: 2, circuit: "open"),
            groupJSON("default", limit: 30, e418: 1, circuit: "half_open"),
            groupJSON("websocket-message", limit: 5, utilization: 0.2, granted: 18),
        ].joined(separator: ",")
        let json = """
        {"v":1,"t":\(t0 + 3723),"seq":\(seq),"source":"embedded","limits":"preset:korea","groups":[\(groups)],
         "tasks":[{"name":"supervisor","alive":true,"restarts":0,"last_beat":\(t0 + 3722.6)},
                  {"name":"recovery","alive":false,"restarts":2,"last_beat":\(t0 + 3700)}],
         "alerts":[{"level":"P2","rule":"queue_depth","group":"ticker","since":\(t0 + 3600),"message":"queue 12 > 10"},
                   {"level":"P0","rule":"ban_418","group":"default","since":\(t0 + 3650),"message":"418 received"}],
         "emergency":{"active":\(emergency)\(emergency ? ",\"until\":\(t0 + 3723 + 300)" : "")},
         "process":{"rss_mb":31.5,"uptime_s":3723},
         "events":[{"id":7,"t":\(t0 + 3700),"kind":"429","group":"ticker","message":"429 Too Many Requests"},
                   {"id":8,"t":\(t0 + 3701),"kind":"rate_cut","group":"ticker","message":"rate cut 100% → 60%"},
                   {"id":9,"t":\(t0 + 3710),"kind":"circuit_open","group":"order-cancel-all","message":"circuit opened"}]}
        """
        return try! JSONDecoder().decode(StatusFrame.self, from: Data(json.utf8))
    }
}
