import Foundation
import UpbitRateLimit

/// One group's made-up but plausible traffic in a fixture recording: load drifts, queues
/// build near the limit, and now and then a 429 burst cuts the rate, which then recovers.
struct FixtureGroup {
    private(set) var status: GroupStatus
    private var load: Double
    private var incidentLeft = 0
    /// Unix time the current 429 incident began (its alert's `since`).
    private(set) var incidentSince: Double?

    /// A group with the published limits of `group`, idle.
    init(_ group: LimitGroup) {
        let shortest = group.windows.min { $0.seconds < $1.seconds }
        let primary = shortest.flatMap { $0.perSecond.isFinite && $0.seconds > 0 ? $0 : nil } ?? LimitWindow(limit: 10, seconds: 1)
        let json = """
            {"name":"","scope":"\(group.scope.rawValue)","limit_per_second":\(primary.perSecond),
            "window_seconds":\(primary.seconds),"rate_ratio":1,"queue_depth":0,"granted_total":0,"timeouts_total":0,
            "cancelled_total":0,"rejected_total":0,"errors_429_total":0,"errors_418_total":0,"unmapped_total":0,
            "malformed_headers_total":0,"consecutive_429":0,"wait_ms":{"p50":0,"p95":0,"p99":0},
            "tat_drift_ms":{"p50":0,"p95":0},"tat_ms":0,"utilization":0,"circuit":"closed"}
            """
        // The core's GroupStatus has no public memberwise init; its JSON form is the public contract,
        // and every value interpolated above is a finite number or an enum's raw value.
        status = try! JSONDecoder().decode(GroupStatus.self, from: Data(json.utf8))
        status.name = group.name
        load = 0.3
    }

    /// Advances `seconds`; returns the events it caused.
    mutating func step(seconds: Double, t: Double, random: inout SplitMix64) -> [LimiterEvent.Draft] {
        var events: [LimiterEvent.Draft] = []
        load = min(0.98, max(0.02, load + (random.unit() - 0.5) * 0.04))
        if incidentLeft == 0, random.unit() < seconds / 7_200 {
            incidentLeft = Int(60 / seconds)
            incidentSince = t
            let hits = 1 + Int(random.unit() * 3)
            status.errors429Total += UInt64(hits)
            status.consecutive429 = hits
            events.append(.init(kind: "429", group: status.name, message: "429 Too Many Requests"))
            events.append(.init(kind: "rate_cut", group: status.name, message: "rate cut 100% → 50%"))
            events.append(.init(kind: "alert", group: status.name, message: "P1 repeated_429 raised"))
            status.rateRatio = 0.5
            if random.unit() < 0.05 {
                status.errors418Total += 1
                status.circuit = .open
                events.append(.init(kind: "418", group: status.name, message: "418: scope blocked for 60 s"))
            }
        } else if incidentLeft > 0 {
            incidentLeft -= 1
            if incidentLeft % Int(15 / seconds) == 0, status.rateRatio < 1 {
                let next = min(1, status.rateRatio + 0.125)
                events.append(.init(kind: "recovery_step", group: status.name,
                                    message: "recovery \(Int(status.rateRatio * 100))% → \(Int(next * 100))%"))
                status.rateRatio = next
            }
            if incidentLeft == 0 {
                incidentSince = nil
                status.circuit = .closed
                status.consecutive429 = 0
                events.append(.init(kind: "alert_resolved", group: status.name, message: "P1 repeated_429 resolved"))
            }
        }
        let pressure = max(0, load - 0.75) * 4 + (incidentLeft > 0 ? 0.5 : 0)
        status.queueDepth = Int((pressure * 20 * random.unit()).rounded())
        let capacity = status.limitPerSecond * status.rateRatio * seconds
        status.grantedTotal += UInt64((capacity * load * (0.8 + 0.4 * random.unit())).rounded())
        // Rounded as the limiter's own figures are (histogram buckets, whole-request ratios).
        status.utilization = (min(1, load * (0.9 + 0.2 * random.unit())) * 100).rounded() / 100
        let wait = (Double(status.queueDepth) * 1000 / max(0.1, status.limitPerSecond * status.rateRatio)).rounded()
        status.waitMs = Percentiles(p50: (wait * 0.4).rounded(), p95: wait, p99: (wait * 1.3 + random.unit() * 5).rounded())
        status.tatDriftMs = Percentiles(p50: (random.unit() * 20).rounded() / 10, p95: (20 + random.unit() * 80).rounded() / 10)
        status.tatMs = status.queueDepth > 0 ? wait : -(random.unit() * 1_000_000).rounded() / 1000
        status.remainingReqSec = max(0, Int(status.limitPerSecond * (1 - status.utilization)))
        return events
    }
}

extension LimiterEvent {
    /// An event before it gets its id and time.
    struct Draft {
        var kind: String
        var group: GroupID? = nil
        var message: String
    }
}

/// A tiny seeded generator, so that fixtures are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
