import Synchronization
import UpbitRateLimit

/// What a strict exchange counting the account across hosts saw, phase by phase.
final class LoadRecorder: Sendable {
    struct Phase: Sendable {
        var name: String
        var start: Int64
        var end: Int64 = .max
        var arrivals = 0
        var refusals: [String: Int] = [:]
    }

    private let state = Mutex<(arrivals: [Int64], phases: [Phase])>(([], []))
    private let stopped = Atomic<Bool>(false)
    let clock: any LimiterClock

    init(clock: any LimiterClock) { self.clock = clock }

    /// Starts a phase now (the previous one ends).
    func begin(_ name: String) {
        let now = clock.now()
        state.withLock { s in
            if !s.phases.isEmpty { s.phases[s.phases.count - 1].end = now }
            s.phases.append(Phase(name: name, start: now))
        }
    }

    func arrived() {
        let now = clock.now()
        state.withLock { s in
            s.arrivals.append(now)
            if !s.phases.isEmpty { s.phases[s.phases.count - 1].arrivals += 1 }
        }
    }

    func refused(_ why: String) {
        state.withLock { s in
            if !s.phases.isEmpty { s.phases[s.phases.count - 1].refusals[why, default: 0] += 1 }
        }
    }

    func finish() {
        let now = clock.now()
        state.withLock { s in if !s.phases.isEmpty { s.phases[s.phases.count - 1].end = now } }
    }

    /// Tells the workers to end.
    func stop() { stopped.store(true, ordering: .relaxed) }
    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    var arrivals: [Int64] { state.withLock { $0.arrivals } }
    var phases: [Phase] { state.withLock { $0.phases } }
}
