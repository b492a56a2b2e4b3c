import Foundation
import UpbitRateLimit

/// A frame with groups, tasks, alerts and events, for targets that need one on screen.
enum FuzzFrames {
    static let sample: StatusFrame = {
        let json = #"""
        {"v":1,"t":1795003723,"seq":42,"source":"fuzz","limits":"preset:korea","groups":[
         {"name":"ticker","scope":"ip","limit_per_second":10,"window_seconds":1,"rate_ratio":0.6,"queue_depth":12,
          "granted_total":9120,"timeouts_total":0,"cancelled_total":0,"rejected_total":0,"errors_429_total":2,
          "errors_418_total":0,"unmapped_total":0,"malformed_headers_total":0,"consecutive_429":0,
          "wait_ms":{"p50":320,"p95":640},"tat_drift_ms":{"p50":0,"p95":3},"tat_ms":0,"utilization":1,"circuit":"closed"}],
         "tasks":[{"name":"supervisor","alive":true,"restarts":0,"last_beat":1795003722}],
         "alerts":[{"level":"P2","rule":"queue_depth","group":"ticker","since":1795003600,"message":"queue 12 > 10"}],
         "emergency":{"active":false},"process":{"rss_mb":31.5,"uptime_s":3723},
         "events":[{"id":7,"t":1795003700,"kind":"429","group":"ticker","message":"429 Too Many Requests"}]}
        """#
        // The frame is a constant of this file; it decodes or the target cannot start.
        guard let frame = try? JSONDecoder().decode(StatusFrame.self, from: Data(json.utf8)) else {
            fatalError("FuzzFrames.sample does not decode")
        }
        return frame
    }()
}
