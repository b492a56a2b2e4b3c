import LimiterSharedStore
import Testing
import UpbitRateLimit

/// One host's ``SharedRateLimiter`` on a real PostgreSQL that is paused (SIGSTOP) and
/// restarted (`pg_ctl restart -m immediate`): every acquire ends — refused with
/// `storeUnavailable` while the store cannot answer, never hanging — and grants again once
/// the store is back, after a restart only when the lost rows' window and lease have passed.
@Suite(.serialized, .enabled(if: TestPostgres.directory != nil, TestPostgres.noFaults))
struct StoreFaultTests {
    static let lease = Duration.milliseconds(300)

    func limiter(_ store: PostgresWindowStore, _ account: String) throws -> SharedRateLimiter {
        try SharedRateLimiter(limiter: RateLimiter(clock: SystemLimiterClock()), store: store, storeName: "test",
                              configuration: .init(account: account, host: "fault-host", defaultLease: Self.lease,
                                                   longestLease: Self.lease, storeTimeout: .milliseconds(250)))
    }

    /// A grant through the store (waiting out a fresh store's quarantine), reported at once.
    func sendOne(_ shared: SharedRateLimiter) async throws -> SharedPermit {
        let permit = try await shared.acquire(group: .order, timeout: .seconds(10))
        await shared.report(permit, status: 201)
        return permit
    }

    @Test(.timeLimit(.minutes(1)))
    func aPausedStoreRefusesWithinTheCallersDeadlineAndGrantsAfterItResumes() async throws {
        try await TestPostgres.withStore { store in
            let shared = try limiter(store, TestPostgres.account("paused"))
            _ = try await sendOne(shared)
            try await TestPostgres.control("pause")
            let refusal: RateLimitError?
            do {
                _ = try await shared.acquire(group: .order, timeout: .seconds(1))
                refusal = nil
            } catch let error as RateLimitError {
                refusal = error
            } catch {
                try await TestPostgres.control("resume")
                throw error
            }
            let paused = shared.storeStatus()
            try await TestPostgres.control("resume")
            #expect(refusal?.code == .storeUnavailable, "a paused store fails the acquire closed, got \(String(describing: refusal))")
            #expect(!paused.reachable && paused.refusedTotal >= 1)
            let after = try await sendOne(shared)
            #expect(after.ticket != .local)
            #expect(shared.storeStatus().reachable)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aRestartedStoreIsReconnectedAndWaitsTheLostRowsWindowAndLeaseBeforeGranting() async throws {
        try await TestPostgres.withStore { store in
            let shared = try limiter(store, TestPostgres.account("restarted"))
            _ = try await sendOne(shared)
            // Connections open before the crash are all dead after it.
            try await TestPostgres.control("restart")
            let clock = SystemLimiterClock()
            let start = clock.now()
            _ = try await sendOne(shared)
            let waited = Duration.nanoseconds(clock.now() - start)
            let window = Duration.seconds(try #require(shared.limiter.configuration.limits[.order]).primaryWindow.seconds)
            #expect(waited >= window + Self.lease, "the store lost its rows: one window and the longest lease are waited out")
        }
    }
}
