import Foundation
import UpbitRateLimit

/// What happened in a recording, in numbers: `upbit-limiter replay FILE --summary`.
///
/// Counts of 429/418/timeouts are the growth of each group's totals over the recording
/// (a total that drops, because the source restarted, counts again from zero). Alerts are
/// the distinct alerts (level, rule, group, raised-at) seen active in any frame.
public struct RecordingSummary: Hashable, Sendable {
    /// One group's figures.
    public struct Group: Hashable, Sendable {
        /// The group.
        public var name: GroupID
        /// The deepest queue seen.
        public var peakQueueDepth: Int
        /// Unix time of the first frame that showed the deepest queue.
        public var peakQueueAt: Double
        /// 429 responses reported during the recording.
        public var errors429: UInt64
        /// 418 responses reported during the recording.
        public var errors418: UInt64
        /// Acquire timeouts during the recording.
        public var timeouts: UInt64
        /// Requests granted during the recording.
        public var granted: UInt64
        /// The lowest rate ratio in force (1 = full published rate).
        public var minRateRatio: Double
        /// The highest p95 wait, milliseconds.
        public var maxWaitP95Ms: Double
    }

    /// The file.
    public var path: String
    /// Its header.
    public var header: RecordingHeader
    /// Unix seconds of the first frame.
    public var start: Double
    /// Unix seconds of the last frame.
    public var end: Double
    /// Seconds from the first frame to the last.
    public var duration: Double
    /// Frames in the file.
    public var frames: Int
    /// Lines skipped as corrupt.
    public var corruptLines: Int
    /// The file's last line was cut short.
    public var endedEarly: Bool
    /// Per group, in the order of the recording's first frame.
    public var groups: [Group]
    /// Alerts raised, in order.
    public var alerts: [AlertStatus]
    /// Operator actions on the timeline.
    public var operatorActions: Int
    /// Task restarts on the timeline.
    public var restarts: Int

    /// Reads every frame of `reader` (a 24-hour recording takes seconds; see `docs/RECORDING.md`).
    public init(reader: RecordingReader) {
        var groups: [GroupID: Group] = [:], order: [GroupID] = []
        var previous: [GroupID: SeriesFrame.Group] = [:]
        var alerts: [AlertStatus] = [], seenAlerts: Set<AlertStatus> = []
        reader.forEachSeriesFrame { _, frame in
            for g in frame.groups {
                var s = groups[g.name] ?? Group(name: g.name, peakQueueDepth: g.queueDepth, peakQueueAt: frame.t,
                                               errors429: 0, errors418: 0, timeouts: 0, granted: 0,
                                               minRateRatio: g.rateRatio, maxWaitP95Ms: g.waitMs.p95)
                if groups[g.name] == nil { order.append(g.name) }
                if g.queueDepth > s.peakQueueDepth { (s.peakQueueDepth, s.peakQueueAt) = (g.queueDepth, frame.t) }
                let before = previous[g.name]
                s.errors429 += counterDelta(g.errors429Total, since: before?.errors429Total)
                s.errors418 += counterDelta(g.errors418Total, since: before?.errors418Total)
                s.timeouts += counterDelta(g.timeoutsTotal, since: before?.timeoutsTotal)
                s.granted += counterDelta(g.grantedTotal, since: before?.grantedTotal)
                s.minRateRatio = min(s.minRateRatio, g.rateRatio)
                s.maxWaitP95Ms = max(s.maxWaitP95Ms, g.waitMs.p95)
                groups[g.name] = s
                previous[g.name] = g
            }
            for alert in frame.alerts where seenAlerts.insert(alert.identity).inserted { alerts.append(alert) }
        }
        path = reader.path
        header = reader.header
        (start, end, duration) = (reader.startTime, reader.endTime, reader.duration)
        frames = reader.frameCount
        corruptLines = reader.corruptLines
        endedEarly = reader.endedEarly
        self.groups = order.compactMap { groups[$0] }
        self.alerts = alerts
        operatorActions = reader.marks.count { $0.kind == .operatorAction }
        restarts = reader.marks.count { $0.kind == .restart }
    }
}

extension AlertStatus {
    /// The alert without its (changing) message: one raise of one rule on one group.
    var identity: AlertStatus { AlertStatus(level: level, rule: rule, group: group, since: since, message: "") }
}
