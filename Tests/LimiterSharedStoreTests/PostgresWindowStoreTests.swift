import Foundation
import LimiterSharedStore
import Testing
import UpbitRateLimit

/// The store on a real PostgreSQL on loopback: one host's acquire, report, release, hold,
/// idempotent retries, and the boot marker after a crash.
@Suite(.serialized, .enabled(if: TestPostgres.url != nil, TestPostgres.skipReason))
struct PostgresWindowStoreTests {
    let windows = [LimitWindow(limit: 2, seconds: 0.5)]

    func request(_ account: String, _ id: String, group: GroupID = .order) -> SharedAcquireRequest {
        SharedAcquireRequest(account: account, group: group, windows: windows, permitID: id, lease: .milliseconds(300),
                             longestLease: .milliseconds(300), host: "test-host")
    }

    /// Asks until granted, sleeping each answer's retry instant (bounded: a fresh or
    /// restarted store makes the first caller wait one window plus the longest lease).
    func admit(_ store: PostgresWindowStore, _ request: SharedAcquireRequest) async throws -> [Duration] {
        var waits: [Duration] = []
        for _ in 0..<20 {
            do {
                switch try await store.acquire(request) {
                case .granted: return waits
                case .retry(let after):
                    waits.append(after)
                    try await Task.sleep(for: after)
                }
            } catch let error as PostgresStoreError {
                throw error
            } catch {
                try await Task.sleep(for: .milliseconds(100))  // reconnecting after a restart
            }
        }
        throw PostgresStoreError("not admitted after 20 answers: \(waits)")
    }

    @Test func acquireCountsReportSettlesReleaseFreesAndRetriesAreIdempotent() async throws {
        try await TestPostgres.withStore { store in
            let account = TestPostgres.account("one-host")
            _ = try await admit(store, request(account, "a"))
            #expect(try await store.acquire(request(account, "b")) == .granted(hostsSeen: 1))
            guard case .retry(let wait) = try await store.acquire(request(account, "c")) else {
                Issue.record("a third permit in a window of 2 was admitted")
                return
            }
            #expect(wait > .milliseconds(500) && wait <= .milliseconds(800), "leases count until their bound")
            #expect(try await store.acquire(request(account, "a")) == .granted(hostsSeen: 1), "same id: not counted twice")
            try await store.release(account: account, group: .order, permitID: "a")
            #expect(try await store.acquire(request(account, "c")) == .granted(hostsSeen: 1))
            try await store.report(account: account, group: .order, permitID: "b", answerAge: .zero)
            guard case .retry(let settled) = try await store.acquire(request(account, "d")) else {
                Issue.record("a full window admitted")
                return
            }
            #expect(settled <= .milliseconds(500), "b settled at its report, not its lease bound")
        }
    }

    /// A report with the answer's age settles the row that long before the store's now.
    @Test func aReportSettlesAtTheAnswersAge() async throws {
        try await TestPostgres.withStore { store in
            let account = TestPostgres.account("age")
            _ = try await admit(store, request(account, "a"))
            #expect(try await store.acquire(request(account, "b")) == .granted(hostsSeen: 1))
            try await store.report(account: account, group: .order, permitID: "a", answerAge: .milliseconds(400))
            try await store.report(account: account, group: .order, permitID: "b", answerAge: .milliseconds(400))
            guard case .retry(let wait) = try await store.acquire(request(account, "c")) else {
                Issue.record("a full window admitted")
                return
            }
            // Settled 400 ms ago: out of the 500 ms window in ≤ 100 ms (at the report: in ~500 ms).
            #expect(wait <= .milliseconds(150), "\(wait)")
        }
    }

    @Test func aHoldStopsEveryHostUntilItEnds() async throws {
        try await TestPostgres.withStore { store in
            let account = TestPostgres.account("hold")
            _ = try await admit(store, request(account, "warm", group: .orderTest))
            try await store.hold(account: account, groups: [.orderTest, .default], for: .seconds(3))
            guard case .retry(let wait) = try await store.acquire(request(account, "x", group: .orderTest)) else {
                Issue.record("admitted during a hold")
                return
            }
            #expect(wait > .seconds(2) && wait <= .seconds(3))
        }
    }

    @Test(.enabled(if: TestPostgres.directory != nil, TestPostgres.noFaults), .timeLimit(.minutes(1)))
    func aCrashedStoreWaitsAWindowAndTheLongestLeaseBeforeAdmitting() async throws {
        try await TestPostgres.withStore { store in
            let account = TestPostgres.account("crash")
            _ = try await admit(store, request(account, "before"))
            try await TestPostgres.control("restart")
            let waits = try await admit(store, request(account, "after"))
            let waited = waits.reduce(Duration.zero, +)
            #expect(waited >= .milliseconds(700), "the lost rows' window (0.5 s) and lease (0.3 s) are waited out")
        }
    }
}
