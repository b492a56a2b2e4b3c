import PropertyBased
import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// Property-based checks of the scheduler over random arrivals, deadlines, cancellations,
/// rate cuts, server reports and 418 blocks (pure state machine, no clock).
@Suite struct SchedulerPropertyTests {
    static let groups = LimitTable.preset(.korea).groups
    static let ms: Int64 = 1_000_000

    static let arrivals = zip(Gen.int(in: 0...4_000), Gen.int(in: 1...3_000), Gen.int(in: -40...400))
        .array(of: 1...250)
        .map { raw in
            raw.map { at, timeout, cancel in
                MachineSimulation.Arrival(at: Int64(at) * ms, timeout: Int64(timeout) * ms,
                                          cancelAfter: cancel > 0 ? Int64(cancel) * ms : nil)
            }
        }

    static let interventions = zip(Gen.int(in: 0...5_000), Gen.int(in: 0...4), Gen.int(in: 0...100))
        .array(of: 0...6)
        .map { raw in
            raw.map { at, kind, value -> (at: Int64, MachineSimulation.Intervention) in
                let action: MachineSimulation.Intervention = switch kind {
                case 0: .ratio(Double(max(value, 5)) / 100)
                case 1: .remaining(value % 12)
                case 2: .tooMany
                case 3: .block(Int64(value) * 20 * ms)
                default: .ratio(1)
                }
                return (Int64(at) * ms, action)
            }
        }

    /// The k-th latest of settles and open lease bounds (what every window's next release rests on)
    /// equals the k-th latest of the two lists merged and sorted, for every k.
    @Test func latestSettleIsTheKthLatestOfSettlesAndLeases() async {
        let releases = zip(Gen.int(in: 0...2_000), Gen.int(in: -1...3_000)).array(of: 0...60)
        await propertyCheck(count: 500, input: releases) { releases in
            var scheduler = WindowScheduler(windows: [LimitWindow(limit: 1_000_000, seconds: 1)], marginNanos: 25 * Self.ms)
            var now: Int64 = 0
            for (step, lease) in releases {
                now += Int64(step) * Self.ms
                scheduler.recordRelease(at: now, reportBy: lease < 0 ? nil : now + Int64(lease) * Self.ms)
            }
            let merged = (Array(scheduler.log) + scheduler.leases.map(\.bound)).sorted()
            for k in 0...(merged.count + 1) {
                let expected: Int64? = k >= 1 && k <= merged.count ? merged[merged.count - k] : nil
                #expect(scheduler.latestSettle(k) == expected, "k = \(k) of \(merged.count)")
            }
        }
    }

    @Test func windowInvariantFifoAndDeadlinesHold() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0..<Self.groups.count), Gen.int(in: 0...60),
                            Self.arrivals, Self.interventions) { groupIndex, marginMs, arrivals, interventions in
            let group = Self.groups[groupIndex]
            let margin = Int64(marginMs) * Self.ms
            var sim = MachineSimulation(group: group, marginNanos: margin)
            sim.run(arrivals, interventions: interventions)

            // Window invariant: at most N in any interval of W + margin, for every window.
            for window in group.windows {
                let audit = WindowAudit(limit: window.limit, windowNanos: Nanos.from(seconds: window.seconds) + margin)
                #expect(audit.violations(in: sim.releases).isEmpty, "group \(group.name) window \(window)")
            }
            // Nothing left hanging; every outcome by its deadline.
            #expect(sim.machine.queueDepth == 0)
            for (index, arrival) in arrivals.enumerated() {
                let deadline = arrival.at + arrival.timeout
                switch sim.outcomes[index] {
                case .granted(let at)?: #expect(at >= arrival.at && at <= deadline)
                case .timedOut(let at)?: #expect(at == deadline || at == arrival.at)
                case .cancelled(let at)?: #expect(at == arrival.at + (arrival.cancelAfter ?? -1) && at <= deadline)
                case .failed(let at)?: #expect(at <= deadline)
                case nil: Issue.record("arrival \(index) was left hanging")
                }
            }
            // FIFO: grants come in arrival order.
            let order = arrivals.indices.sorted { (arrivals[$0].at, $0) < (arrivals[$1].at, $1) }
            let grants = order.compactMap { i -> Int64? in
                if case .granted(let at)? = sim.outcomes[i] { return at } else { return nil }
            }
            #expect(grants == grants.sorted())
        }
    }

    /// Requests reach the server any time between their release and their settle instant:
    /// within the margin when not leased; before the report (or the lease's bound, when the
    /// report never comes) when leased; never, when released unsent. Meanwhile the windows are
    /// reloaded (lengthened, shortened, raised, added, removed, restored), the server reports
    /// `sec=`, 429s come in bursts and 418s block. The server never sees more than N in any W
    /// of the windows in force (strict audit on arrival instants, no margin).
    static let trips = zip(Gen.int(in: 0...3), Gen.int(in: 0...1_000), Gen.int(in: 0...1_000), Gen.int(in: 1...1_500))
        .array(of: 250)

    static func reloaded(_ windows: [LimitWindow], variant: Int) -> [LimitWindow] {
        let shortest = windows.min { $0.seconds < $1.seconds }!
        switch variant % 6 {
        case 0: return windows.map { LimitWindow(limit: $0.limit, seconds: $0.seconds * 2) }
        case 1: return windows.map { LimitWindow(limit: $0.limit, seconds: $0.seconds / 2) }
        case 2: return windows + [LimitWindow(limit: shortest.limit * 3, seconds: shortest.seconds * 20)]
        case 3: return [shortest]
        case 4: return windows.map { LimitWindow(limit: $0.limit * 2, seconds: $0.seconds) }
        default: return windows
        }
    }

    static let changes = zip(Gen.int(in: 0...5_000), Gen.int(in: 0...6), Gen.int(in: 0...100))
        .array(of: 0...12)

    static func schedule(_ raw: [(Int, Int, Int)], group: LimitGroup) -> [(at: Int64, MachineSimulation.Intervention)] {
        raw.flatMap { at, kind, value -> [(at: Int64, MachineSimulation.Intervention)] in
            let at = Int64(at) * ms
            switch kind {
            case 0: return [(at, .ratio(Double(max(value, 5)) / 100))]
            case 1: return [(at, .remaining(value % 12))]
            case 2: return (0..<(1 + value % 8)).map { (at + Int64($0) * 20 * ms, .tooMany) }
            case 3: return (0..<(1 + value % 5)).map { (at + Int64($0) * 10 * ms, .block(Int64(value) * 20 * ms)) }
            case 4, 5: return [(at, .reload(reloaded(group.windows, variant: value)))]
            default: return [(at, .ratio(1))]
            }
        }
    }

    @Test func serverSeesAtMostNInAnyWindowAcrossReloadsLeasesAndStorms() async {
        await propertyCheck(count: 1_000, input: Gen.int(in: 0..<Self.groups.count), Gen.int(in: 0...60),
                            Self.arrivals, Self.trips, Self.changes) { groupIndex, marginMs, arrivals, trips, changes in
            let group = Self.groups[groupIndex]
            let margin = Int64(marginMs) * Self.ms
            var sim = MachineSimulation(group: group, marginNanos: margin)
            let journeys = zip(arrivals, trips).map { arrival, trip in
                var arrival = arrival
                let (kind, server, answer, lease) = trip
                switch kind {
                case 0: // not leased: reaches the server within the margin
                    arrival.trip = .init(serverDelay: Int64(server) * margin / 1_000)
                case 1: // leased and answered (possibly after its bound: a late report), the report travelling a while
                    arrival.trip = .init(serverDelay: Int64(min(server, lease)) * Self.ms, lease: Int64(lease) * Self.ms,
                                         answerDelay: Int64(answer) * Self.ms, reportDelay: Int64(answer % 7) * 40 * Self.ms)
                case 2: // leased, never answered (abandoned after sending): reaches the server by its bound
                    arrival.trip = .init(serverDelay: Int64(min(server, lease)) * Self.ms, lease: Int64(lease) * Self.ms)
                default: // leased, never sent: released unsent a while after its release
                    arrival.trip = .init(lease: Int64(lease) * Self.ms, unsentAfter: Int64(server) * Self.ms)
                }
                return arrival
            }
            sim.run(journeys, interventions: Self.schedule(changes, group: group))
            let violations = sim.serverViolations()
            #expect(violations.isEmpty, "group \(group.name): \(violations.prefix(3))")
            #expect(sim.machine.queueDepth == 0)
            #expect(sim.outcomes.count == arrivals.count, "every arrival resolved")
        }
    }

    @Test func reportedLeasesNeedNoMargin() {
        let group = LimitTable.preset(.korea)[.ticker]!
        var sim = MachineSimulation(group: group, marginNanos: 25 * Self.ms)
        // Answered 2 ms after release: the next window opens 2 ms (not 25 ms) after the last.
        let trip = MachineSimulation.Trip(serverDelay: Self.ms, lease: 4_000 * Self.ms, answerDelay: Self.ms)
        let arrivals = (0..<1_000).map { _ in MachineSimulation.Arrival(at: 0, timeout: 3_600_000 * Self.ms, trip: trip) }
        sim.run(arrivals)
        #expect(sim.outcomes[10] == .granted(at: 1_002 * Self.ms))
        let span = Double(sim.releases.max()! - sim.releases.min()!) / 1e9
        let rate = Double(sim.releases.count - 10) / span
        #expect(rate > 9.97 && rate <= 10, "steady rate \(rate)/s")
    }

    @Test func aReportThatTravelsCostsNoWindowTime() {
        let group = LimitTable.preset(.korea)[.ticker]!
        var sim = MachineSimulation(group: group, marginNanos: 25 * Self.ms)
        // Answered 2 ms after release, reported 300 ms later (a loaded bot host): the window counts from the answer.
        let trip = MachineSimulation.Trip(serverDelay: Self.ms, lease: 4_000 * Self.ms, answerDelay: Self.ms,
                                          reportDelay: 300 * Self.ms)
        let arrivals = (0..<11).map { _ in MachineSimulation.Arrival(at: 0, timeout: 3_600_000 * Self.ms, trip: trip) }
        sim.run(arrivals)
        #expect(sim.outcomes[10] == .granted(at: 1_002 * Self.ms))
        #expect(sim.serverViolations().isEmpty)
    }

    @Test func unansweredLeaseHoldsItsSlotUntilItsBound() {
        let group = LimitTable.preset(.korea)[.ticker]!
        var sim = MachineSimulation(group: group, marginNanos: 25 * Self.ms)
        let lost = MachineSimulation.Trip(lease: 3_000 * Self.ms)
        var arrivals = (0..<10).map { _ in MachineSimulation.Arrival(at: 0, timeout: 3_600_000 * Self.ms, trip: lost) }
        arrivals.append(.init(at: 0, timeout: 3_600_000 * Self.ms))
        sim.run(arrivals)
        // Ten leases open until 3 s: the eleventh request waits for 3 s + one window.
        #expect(sim.outcomes[10] == .granted(at: 4_000 * Self.ms))
    }

    @Test(arguments: LimitTable.preset(.korea).groups)
    func idleGroupGrantsFullBurstThenWaitsAWindow(group: LimitGroup) {
        let burst = group.windows.map(\.limit).min()!
        var sim = MachineSimulation(group: group, marginNanos: 25 * Self.ms)
        let arrivals = (0...burst).map { _ in MachineSimulation.Arrival(at: 0, timeout: 3_600_000 * Self.ms) }
        sim.run(arrivals)
        for i in 0..<burst { #expect(sim.outcomes[i] == .granted(at: 0)) }
        let shortest = group.windows.min { $0.seconds < $1.seconds }!
        #expect(sim.outcomes[burst] == .granted(at: Nanos.from(seconds: shortest.seconds) + 25 * Self.ms))
    }

    @Test func steadyPaceUsesThePublishedRateLessTheMargin() {
        let group = LimitTable.preset(.korea)[.ticker]!
        var sim = MachineSimulation(group: group, marginNanos: 25 * Self.ms)
        let arrivals = (0..<1_000).map { _ in MachineSimulation.Arrival(at: 0, timeout: 3_600_000 * Self.ms) }
        sim.run(arrivals)
        let span = Double(sim.releases.max()! - sim.releases.min()!) / 1e9
        let rate = Double(sim.releases.count - 10) / span
        #expect(rate > 9.7 && rate <= 10, "steady rate \(rate)/s")
    }
}
