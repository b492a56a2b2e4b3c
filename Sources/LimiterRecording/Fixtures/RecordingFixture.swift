import UpbitRateLimit

/// Writes synthetic but realistic recordings: for tests, and for the 24-hour benchmark
/// (`upbit-limiter replay FILE --generate-fixture`).
///
/// Every group of the limit table drifts between idle and busy; about once per two hours
/// per group a 429 burst cuts its rate (events `429`, `rate_cut`, `alert`, recovery
/// steps); every few hours an operator toggles emergency mode. The output goes through
/// ``StatusRecorder``, so it is exactly what a live recording of such a limiter would be.
public enum RecordingFixture {
    /// What to generate.
    public struct Configuration: Sendable {
        /// Number of frames.
        public var frames: Int
        /// Seconds between frames.
        public var interval: Double
        /// Unix time of the first frame.
        public var start: Double
        /// Random seed (same seed, same file).
        public var seed: UInt64
        /// The groups (12 in the Korean preset).
        public var limits: LimitTable
        /// Seconds between operator actions (emergency on, then off 5 minutes later).
        public var operatorEvery: Double
        /// How the recorder writes.
        public var recorder: StatusRecorder.Configuration

        /// A configuration; every argument has a default (24 hours at 2 frames/s).
        public init(frames: Int = 172_800, interval: Double = 0.5, start: Double = 1_795_000_000, seed: UInt64 = 1,
                    limits: LimitTable = .preset(.korea), operatorEvery: Double = 4 * 3600,
                    recorder: StatusRecorder.Configuration = .init()) {
            self.frames = frames
            self.interval = interval
            self.start = start
            self.seed = seed
            self.limits = limits
            self.operatorEvery = operatorEvery
            self.recorder = recorder
        }
    }

    /// Writes a recording to `path`; returns what the recorder wrote.
    ///
    /// - Throws: ``RecordingError`` when the file cannot be created.
    @discardableResult
    public static func write(to path: String, configuration: Configuration = .init()) throws -> StatusRecorder.Stats {
        let recorder = try StatusRecorder(path: path, source: "fixture", configuration: configuration.recorder,
                                          clock: FixedWallClock(wall: configuration.start))
        var random = SplitMix64(seed: configuration.seed)
        var groups = configuration.limits.groups.map(FixtureGroup.init)
        var events: [LimiterEvent] = []
        var nextID: UInt64 = 0
        let operatorFrames = max(1, Int(configuration.operatorEvery / configuration.interval))
        for seq in 0..<configuration.frames {
            let t = configuration.start + Double(seq) * configuration.interval
            var drafts = groups.indices.flatMap { groups[$0].step(seconds: configuration.interval, t: t, random: &random) }
            let cycle = seq % operatorFrames, emergencyFrames = Int(300 / configuration.interval)
            if seq > 0, cycle == 0 { drafts.append(.init(kind: "emergency", message: "emergency mode on")) }
            if seq > 0, cycle == emergencyFrames { drafts.append(.init(kind: "emergency", message: "emergency mode off")) }
            for draft in drafts {
                nextID += 1
                events.append(LimiterEvent(id: nextID, t: t, kind: draft.kind, group: draft.group, message: draft.message))
            }
            events = Array(events.suffix(RecordingReader.recentEventsPerFrame))
            let alerts = groups.compactMap { g in
                g.incidentSince.map {
                    AlertStatus(level: .p1, rule: "repeated_429", group: g.status.name, since: $0,
                                message: "429s on \(g.status.name)")
                }
            }
            let emergencyOn = seq >= operatorFrames && cycle < emergencyFrames
            recorder.record(StatusFrame(
                t: t, seq: UInt64(seq + 1), source: "fixture", limits: configuration.limits.source, groups: groups.map(\.status),
                tasks: ["status-feed", "recovery", "alerts"].map {
                    TaskStatus(name: $0, alive: true, restarts: 0, lastBeat: t - (random.unit() * 500).rounded() / 1000)
                },
                alerts: alerts,
                emergency: EmergencyStatus(active: emergencyOn, until: emergencyOn ? t + 300 : nil),
                process: ProcessStatus(rssMb: 40 + (random.unit() * 80).rounded() / 10, uptimeS: Double(seq) * configuration.interval),
                events: events))
        }
        recorder.close()
        return recorder.stats
    }
}

/// A clock that only gives the header its start time.
private struct FixedWallClock: LimiterClock {
    let wall: Double
    func now() -> Int64 { 0 }
    func sleep(until deadline: Int64) async throws {}
    func wallTime(at instant: Int64) -> Double { wall + Double(instant) / 1e9 }
}
