/// One snapshot of the limiter: what the console draws, the sidecar streams and the
/// recorder writes. JSON field names are snake_case; see `docs/STATUS.md`.
///
/// Version ``StatusFrame/currentVersion`` (`v`). Readers accept frames with the same major
/// version and ignore fields they do not know.
public struct StatusFrame: Codable, Hashable, Sendable {
    /// The schema version this build writes.
    public static let currentVersion = 1
    /// The revision within ``currentVersion`` this build writes: 1 adds ``GroupStatus/detail``.
    public static let currentRevision = 1

    public var v: Int
    /// Revision within `v` (optional fields added); nil in frames written before revisions.
    public var rev: Int?
    /// Wall-clock unix seconds when the frame was taken.
    public var t: Double
    /// Frame number since the limiter started.
    public var seq: UInt64
    /// Where the frame came from (`embedded`, `sidecar`, …), set by the producer.
    public var source: String
    /// The limit table in force (`preset:korea` or a file path).
    public var limits: String
    public var groups: [GroupStatus]
    public var tasks: [TaskStatus]
    public var alerts: [AlertStatus]
    public var emergency: EmergencyStatus
    public var process: ProcessStatus
    /// The most recent events, oldest first, each with an increasing `id`.
    public var events: [LimiterEvent]
    /// The store of groups shared across hosts (`serve --shared`); absent when none.
    public var sharedStore: SharedStoreStatus?

    enum CodingKeys: String, CodingKey {
        case v, rev, t, seq, source, limits, groups, tasks, alerts, emergency, process, events
        case sharedStore = "shared_store"
    }

    public init(v: Int = StatusFrame.currentVersion, rev: Int? = StatusFrame.currentRevision, t: Double, seq: UInt64, source: String, limits: String,
                groups: [GroupStatus], tasks: [TaskStatus] = [], alerts: [AlertStatus] = [],
                emergency: EmergencyStatus = .init(), process: ProcessStatus = .init(), events: [LimiterEvent] = []) {
        self.v = v
        self.rev = rev
        self.t = t
        self.seq = seq
        self.source = source
        self.limits = limits
        self.groups = groups
        self.tasks = tasks
        self.alerts = alerts
        self.emergency = emergency
        self.process = process
        self.events = events
    }

    /// The status of the group named `name`.
    public func group(_ name: GroupID) -> GroupStatus? { groups.first { $0.name == name } }
}

/// Percentiles in milliseconds.
public struct Percentiles: Codable, Hashable, Sendable {
    public var p50: Double
    public var p95: Double
    public var p99: Double?
    public init(p50: Double = 0, p95: Double = 0, p99: Double? = nil) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
    }
}

/// One group's state in a ``StatusFrame``.
public struct GroupStatus: Codable, Hashable, Sendable {
    public var name: GroupID
    public var scope: LimitScope
    /// Published requests per second of the primary window.
    public var limitPerSecond: Double
    /// Length of the primary window, seconds.
    public var windowSeconds: Double
    /// Share of the published rate in force (adaptive cut × emergency factor).
    public var rateRatio: Double
    public var queueDepth: Int
    public var grantedTotal: UInt64
    public var timeoutsTotal: UInt64
    public var cancelledTotal: UInt64
    public var rejectedTotal: UInt64
    public var errors429Total: UInt64
    public var errors418Total: UInt64
    /// Requests whose endpoint was not in the table and fell back to this group.
    public var unmappedTotal: UInt64
    public var malformedHeadersTotal: UInt64
    public var consecutive429: Int
    public var waitMs: Percentiles
    /// How late queued grants were released against their scheduled instant.
    public var tatDriftMs: Percentiles
    /// TAT relative to now, milliseconds (negative: the group is idle).
    public var tatMs: Double
    /// Releases in the current window over the releases allowed in it.
    public var utilization: Double
    public var circuit: CircuitBreaker.State
    /// The last `sec=` the exchange reported for this group.
    public var remainingReqSec: Int?
    /// Seconds until a 418 block ends (nil when not blocked).
    public var blockedForS: Double?
    /// Leased permits given up without an answer (their slots count until their bounds).
    public var abandonedTotal: UInt64?
    /// Windows, rate reasons, circuit, wait histogram and endpoints (revision 1; nil before).
    public var detail: GroupDetail?

    enum CodingKeys: String, CodingKey {
        case name, scope, utilization, circuit, detail
        case limitPerSecond = "limit_per_second", windowSeconds = "window_seconds", rateRatio = "rate_ratio"
        case queueDepth = "queue_depth", grantedTotal = "granted_total", timeoutsTotal = "timeouts_total"
        case cancelledTotal = "cancelled_total", rejectedTotal = "rejected_total"
        case errors429Total = "errors_429_total", errors418Total = "errors_418_total"
        case unmappedTotal = "unmapped_total", malformedHeadersTotal = "malformed_headers_total"
        case consecutive429 = "consecutive_429", waitMs = "wait_ms", tatDriftMs = "tat_drift_ms", tatMs = "tat_ms"
        case remainingReqSec = "remaining_req_sec", blockedForS = "blocked_for_s", abandonedTotal = "abandoned_total"
    }
}

/// A background task's liveness in a ``StatusFrame``.
public struct TaskStatus: Codable, Hashable, Sendable {
    public var name: String
    public var alive: Bool
    public var restarts: Int
    /// Wall-clock unix seconds of the last heartbeat.
    public var lastBeat: Double
    /// Failures since the task last ran healthily.
    public var failuresInARow: Int?
    /// Why it last failed, if it did.
    public var lastError: String?

    public init(name: String, alive: Bool, restarts: Int, lastBeat: Double,
                failuresInARow: Int? = nil, lastError: String? = nil) {
        self.name = name
        self.alive = alive
        self.restarts = restarts
        self.lastBeat = lastBeat
        self.failuresInARow = failuresInARow
        self.lastError = lastError
    }

    enum CodingKeys: String, CodingKey {
        case name, alive, restarts
        case lastBeat = "last_beat", failuresInARow = "failures_in_a_row", lastError = "last_error"
    }
}

/// Alert severity: P0 pages someone now, P3 is for the dashboard only.
public enum AlertLevel: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    case p0 = "P0", p1 = "P1", p2 = "P2", p3 = "P3"
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// An active alert in a ``StatusFrame``.
public struct AlertStatus: Codable, Hashable, Sendable {
    /// Where an alert is in its lifecycle.
    public enum State: String, Codable, Hashable, Sendable {
        case raised, active, resolved
    }

    public var level: AlertLevel
    public var rule: String
    public var group: GroupID?
    /// Wall-clock unix seconds when it was raised.
    public var since: Double
    public var message: String
    public var state: State?
    /// Seconds since it was raised.
    public var durationS: Double?

    public init(level: AlertLevel, rule: String, group: GroupID?, since: Double, message: String,
                state: State? = nil, durationS: Double? = nil) {
        self.level = level
        self.rule = rule
        self.group = group
        self.since = since
        self.message = message
        self.state = state
        self.durationS = durationS
    }

    enum CodingKeys: String, CodingKey {
        case level, rule, group, since, message, state
        case durationS = "duration_s"
    }
}

/// Emergency mode in a ``StatusFrame``.
public struct EmergencyStatus: Codable, Hashable, Sendable {
    public var active: Bool
    /// Wall-clock unix seconds when it ends by itself (nil: until switched off).
    public var until: Double?
    public init(active: Bool = false, until: Double? = nil) {
        self.active = active
        self.until = until
    }
}

/// The process hosting the limiter.
public struct ProcessStatus: Codable, Hashable, Sendable {
    public var rssMb: Double
    public var uptimeS: Double
    public init(rssMb: Double = 0, uptimeS: Double = 0) {
        self.rssMb = rssMb
        self.uptimeS = uptimeS
    }
    enum CodingKeys: String, CodingKey {
        case rssMb = "rss_mb", uptimeS = "uptime_s"
    }
}
