import Synchronization
import Testing
@testable import UpbitRateLimit
import UpbitRateLimitTestKit

/// Several hosts' limiters sharing one account through a store, on a ManualClock.
@Suite struct SharedRateLimiterTests {
    let clock = ManualClock()

    func host(_ name: String, store: any SharedWindowStore, reserve: Int = 0, hosts: Int = 1, groups: Set<GroupID>? = nil,
              storeTimeout: Duration = .milliseconds(250)) throws -> SharedRateLimiter {
        try SharedRateLimiter(
            limiter: RateLimiter(clock: clock), store: store, storeName: "memory",
            configuration: .init(host: name, groups: groups, reserve: reserve, reservingHosts: hosts, defaultLease: .seconds(5),
                                 longestLease: .seconds(10), storeTimeout: storeTimeout))
    }

    @Test func threeLoadedHostsNeverExceedTheAccountLimit() async throws {
        let store = InMemoryWindowStore(clock: clock)
        let hosts = try ["a", "b", "c"].map { try host($0, store: store) }
        let exchange = ArrivalLog()
        let tasks = hosts.flatMap { shared in
            (0..<4).map { _ in
                Task { [clock] in
                    for _ in 0..<15 {
                        let permit = try await shared.acquire(group: .order, timeout: .seconds(60))
                        try await clock.sleep(until: clock.now() + 20_000_000)  // on the way to the exchange
                        exchange.append(clock.now())
                        try await clock.sleep(until: clock.now() + 20_000_000)  // the answer comes back
                        await shared.report(permit, status: 201)
                    }
                    exchange.workerDone()
                }
            }
        }
        let end = await clock.run(until: { exchange.workersDone == 12 }, limit: .seconds(120), quantum: .milliseconds(5))
        for task in tasks { try await task.value }
        let arrivals = exchange.all
        #expect(arrivals.count == 180)
        #expect(WindowAudit(limit: 12, windowNanos: 1_000_000_000).violations(in: arrivals).isEmpty)
        // 180 requests at 12/s take at least 14 s; the store's answers keep the hosts busy.
        #expect(end < 20_000_000_000)
        #expect(hosts[0].status().sharedStore?.hostsSeen == 3)
    }

    @Test func anUnreachableStoreFailsClosedBeyondTheReserve() async throws {
        let hosts = try ["a", "b", "c"].map { try host($0, store: FailingStore(), reserve: 2, hosts: 3, groups: [.order]) }
        var granted = 0
        for shared in hosts {
            for _ in 0..<3 {
                let attempt = Task { try await shared.acquire(group: .order, timeout: .milliseconds(300)) }
                await clock.run(until: { false }, limit: .milliseconds(400))
                if (try? await attempt.value) != nil { granted += 1 } else {
                    await #expect(throws: RateLimitError.storeUnavailable(.order, retryAfter: .milliseconds(100))) {
                        try await attempt.value
                    }
                }
            }
        }
        #expect(granted == 6, "each host's reserve of 2, nothing from the store")
        let status = try #require(hosts[2].status().sharedStore)
        #expect(!status.reachable)
        #expect(status.failClosedPeriods == 1)
        #expect(status.refusedTotal == 1)
        #expect(status.reserveInUse == 2, "the last host's two reserve permits settle within the window")
    }

    @Test func aStoreThatDoesNotAnswerInTimeCountsAsUnavailable() async throws {
        let shared = try host("a", store: FrozenStore(clock: clock), storeTimeout: .milliseconds(50))
        let attempt = Task { try await shared.acquire(group: .order, timeout: .milliseconds(200)) }
        await clock.run(until: { false }, limit: .milliseconds(300))
        await #expect(throws: RateLimitError.self) { try await attempt.value }
        #expect(shared.status().sharedStore?.reachable == false)
    }

    @Test func a429SeenByOneHostHoldsTheGroupOnTheOthers() async throws {
        let store = InMemoryWindowStore(clock: clock)
        let a = try host("a", store: store), b = try host("b", store: store)
        let first = try await a.acquire(group: .order)
        await a.report(first, status: 429)
        let heldAt = clock.now()
        let waiting = Task { try await b.acquire(group: .order, timeout: .seconds(5)) }
        await clock.run(until: { false }, limit: .milliseconds(1_100), quantum: .milliseconds(10))
        let permit = try await waiting.value
        #expect(permit.permit.releasedAt == heldAt, "the local limiter granted at once")
        #expect(clock.now() - heldAt >= 1_000_000_000)
        let other = try await b.acquire(group: .ticker)
        #expect(other.ticket == .local, "public groups are not shared")
    }

    /// A report that states the answer's instant settles the store row there, not at the report: the
    /// account slot leaves the window one window after the answer.
    @Test func aReportSettlesTheStoreRowAtTheAnswer() async throws {
        let store = InMemoryWindowStore(clock: clock)
        let a = try host("a", store: store)
        let permit = try await a.acquire(group: .orderCancelAll)  // 1 per 2 s
        let granted = clock.now()
        clock.advance(by: .milliseconds(300))
        await a.report(permit, status: 200, answeredAt: granted + 50_000_000)
        clock.advance(toNanos: granted + 2_060_000_000)
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 0,
                "settled at the answer (+50 ms), out of the window at +2.05 s")
        let again = try await a.acquire(group: .orderCancelAll)
        clock.advance(by: .milliseconds(300))
        await a.report(again, status: 200)  // no instant: settles at the report
        clock.advance(by: .milliseconds(1_800))
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 1,
                "settled at the report (+300 ms), still in the window at +2.1 s")
    }

    /// `status: 0` (transport error, no answer): the request may still reach the exchange, so the store
    /// row keeps counting until its lease bound (5 s here), as the local slot does.
    @Test func aTransportErrorKeepsTheStoreRowToItsBound() async throws {
        let store = InMemoryWindowStore(clock: clock)
        let a = try host("a", store: store)
        let permit = try await a.acquire(group: .orderCancelAll)  // 1 per 2 s
        clock.advance(by: .milliseconds(100))
        await a.report(permit, status: 0)
        clock.advance(by: .seconds(3))
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 1,
                "still counted 3.1 s after the grant (bound 5 s)")
        clock.advance(by: .seconds(3))
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 1,
                "6.1 s: still in the window that follows its bound")
        clock.advance(by: .seconds(1))
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 0)
    }

    @Test func releasingAnUnsentPermitFreesTheAccountSlotAtOnce() async throws {
        let store = InMemoryWindowStore(clock: clock)
        let a = try host("a", store: store), b = try host("b", store: store)
        let permit = try await a.acquire(group: .orderCancelAll)
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 1)
        await a.releaseUnsent(permit)
        #expect(store.entries(account: "default", group: .orderCancelAll, within: .seconds(2)) == 0)
        _ = try await b.acquire(group: .orderCancelAll, timeout: .zero)
    }

    /// A timed-out call the store committed anyway (a paused server resumed it) bounds the
    /// permit: its lease counts from that call, and a grant with too little of it left is
    /// dropped for a fresh permit id (the old row still counts until its bound).
    @Test(arguments: [(failing: Duration.milliseconds(50), sameRow: true), (failing: .seconds(3), sameRow: false)])
    func aGrantAfterAnUnansweredCallCountsItsLeaseFromThatCall(failing: Duration, sameRow: Bool) async throws {
        let store = LateCommitStore(base: InMemoryWindowStore(clock: clock), clock: clock,
                                    failUntil: clock.now() + failing.nanoseconds)
        let shared = try host("a", store: store)
        let start = clock.now()
        let attempt = Task { try await shared.acquire(group: .order, timeout: .seconds(10)) }
        let done = Atomic<Bool>(false)
        let watcher = Task { _ = try? await attempt.value; done.store(true, ordering: .relaxed) }
        await clock.run(until: { done.load(ordering: .relaxed) }, limit: .seconds(5))
        await watcher.value
        let permit = try await attempt.value
        let granted = clock.now()
        let reportBy = try #require(permit.reportBy)
        if sameRow {
            #expect(permit.ticket == .store(permitID: "a-1"))
            #expect(reportBy == start + Duration.seconds(5).nanoseconds, "the lease counts from the first, unanswered call")
        } else {
            #expect(permit.ticket == .store(permitID: "a-2"), "a-1's row was written 3 s ago: too little lease left")
            #expect(reportBy - granted >= Duration.seconds(4).nanoseconds)
        }
    }

    @Test func aReserveLeavingNothingSharedIsRejectedByName() {
        #expect {
            try host("a", store: FailingStore(), reserve: 1, hosts: 1)
        } throws: { error in
            "\(error)".contains("shared.reserve") && "\(error)".contains("order-cancel-all")
        }
    }
}

/// Arrival instants at the simulated exchange, across tasks.
final class ArrivalLog: Sendable {
    private let instants = Mutex<[Int64]>([])
    private let done = Atomic<Int>(0)
    func append(_ instant: Int64) { instants.withLock { $0.append(instant) } }
    func workerDone() { done.add(1, ordering: .relaxed) }
    var workersDone: Int { done.load(ordering: .relaxed) }
    var all: [Int64] { instants.withLock { $0.sorted() } }
    var count: Int { instants.withLock { $0.count } }
}

/// A store that is never reachable.
struct FailingStore: SharedWindowStore {
    struct Down: Error {}
    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict { throw Down() }
    func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws { throw Down() }
    func release(account: String, group: GroupID, permitID: String) async throws { throw Down() }
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws { throw Down() }
}

/// Commits every acquire but throws until `failUntil` (calls that time out on the host after
/// the server committed them).
struct LateCommitStore: SharedWindowStore {
    let base: InMemoryWindowStore
    let clock: ManualClock
    let failUntil: Int64
    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict {
        let verdict = base.acquireNow(request)
        if clock.now() < failUntil { throw FailingStore.Down() }
        return verdict
    }
    func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws {
        try await base.report(account: account, group: group, permitID: permitID, answerAge: answerAge)
    }
    func release(account: String, group: GroupID, permitID: String) async throws {
        try await base.release(account: account, group: group, permitID: permitID)
    }
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws {
        try await base.hold(account: account, groups: groups, for: duration)
    }
}

/// A store that never answers (a paused server): every call sleeps until cancelled.
struct FrozenStore: SharedWindowStore {
    let clock: ManualClock
    func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict {
        try await clock.sleep(until: .max)
        return .retry(after: .seconds(1))
    }
    func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws { try await clock.sleep(until: .max) }
    func release(account: String, group: GroupID, permitID: String) async throws { try await clock.sleep(until: .max) }
    func hold(account: String, groups: [GroupID], for duration: Duration) async throws { try await clock.sleep(until: .max) }
}
