import Foundation
import UpbitRateLimit

/// The part of a frame that summaries and exports read: decoding only these fields is
/// cheaper than a whole ``StatusFrame`` when every frame of a day is read.
struct SeriesFrame: Decodable {
    struct Group: Decodable {
        var name: GroupID
        var queueDepth: Int
        var rateRatio: Double
        var utilization: Double
        var grantedTotal: UInt64
        var timeoutsTotal: UInt64
        var errors429Total: UInt64
        var errors418Total: UInt64
        var waitMs: Percentiles
        var circuit: CircuitBreaker.State
        var remainingReqSec: Int?

        enum CodingKeys: String, CodingKey {
            case name, utilization, circuit
            case queueDepth = "queue_depth", rateRatio = "rate_ratio", grantedTotal = "granted_total"
            case timeoutsTotal = "timeouts_total", errors429Total = "errors_429_total"
            case errors418Total = "errors_418_total", waitMs = "wait_ms", remainingReqSec = "remaining_req_sec"
        }
    }

    /// A task's liveness (the SLA's background-task uptime).
    struct Task: Decodable {
        var alive: Bool
    }
    /// The process (the SLA's memory line).
    struct Process: Decodable {
        var rssMb: Double

        enum CodingKeys: String, CodingKey { case rssMb = "rss_mb" }
    }

    var t: Double
    var groups: [Group]
    var alerts: [AlertStatus]
    /// Absent from frames of sources without a runtime.
    var tasks: [Task]?
    var process: Process?
}

extension RecordingReader {
    /// Calls `body` with every frame that decodes, in order, as its ``SeriesFrame`` and index.
    func forEachSeriesFrame(_ body: (Int, SeriesFrame) throws -> Void) rethrows {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        for i in 0..<frameCount {
            guard let frame = decodeLine(SeriesFrame.self, frame: i, decoder: decoder) else { continue }
            try body(i, frame)
        }
    }
}

/// What a counter total grew by between two frames (a drop means the source restarted: count from zero).
func counterDelta(_ current: UInt64, since previous: UInt64?) -> UInt64 {
    guard let previous else { return 0 }
    return current >= previous ? current - previous : current
}
