import Foundation
import Synchronization
import LimiterSharedStore
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Three hosts' limiters sharing one account through PostgreSQL, each through its own
/// TCP proxy, loaded on all three, against a strict count of the account: zero requests
/// over the limit in any window while a host is cut off, the store is paused, restarted,
/// and a host dies holding leases.
@Suite(.serialized, .enabled(if: TestPostgres.url != nil, TestPostgres.skipReason))
struct ThreeHostFaultTests {
    static let limit = 12  // the order group: 12/s per account

    final class Host: Sendable {
        let name: String
        let proxy: TCPFaultProxy
        let store: PostgresWindowStore
        let shared: SharedRateLimiter
        let pool: Task<Void, Never>
        let dead = Mutex(false)

        init(_ name: String, account: String, clock: any LimiterClock) async throws {
            self.name = name
            proxy = try await TCPFaultProxy(targetPort: try TestPostgres.address.port)
            var address = try TestPostgres.address
            address.port = proxy.port
            store = try PostgresWindowStore(address: address)
            pool = Task { [store] in await store.run() }
            shared = try SharedRateLimiter(
                limiter: RateLimiter(clock: clock), store: store, storeName: "\(address)",
                configuration: .init(account: account, host: name, defaultLease: .seconds(1), longestLease: .seconds(1),
                                     storeTimeout: .milliseconds(300)))
        }

        /// One worker: acquire, reach the exchange, get the answer, report; until `stop`.
        func work(_ recorder: LoadRecorder, stop: @escaping @Sendable () -> Bool) async {
            while !stop(), !dead.withLock({ $0 }) {
                do {
                    let permit = try await shared.acquire(group: .order, timeout: .seconds(2))
                    try await Task.sleep(for: .milliseconds(5))
                    recorder.arrived()
                    try await Task.sleep(for: .milliseconds(5))
                    if dead.withLock({ $0 }) { return }  // killed while holding the lease
                    await shared.report(permit, status: 201)
                } catch let error as RateLimitError {
                    recorder.refused("\(name): \(error.code)")
                    try? await Task.sleep(for: .milliseconds(50))
                } catch {
                    recorder.refused("\(name): \(error)")
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
        }

        func kill() async throws {
            dead.withLock { $0 = true }
            pool.cancel()
            try await proxy.shutdown()
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func threeHostsNeverExceedTheAccountLimitThroughFaults() async throws {
        let clock = SystemLimiterClock()
        let account = TestPostgres.account("three-hosts")
        let recorder = LoadRecorder(clock: clock)
        var hosts: [Host] = []
        for name in ["h1", "h2", "h3"] { hosts.append(try await Host(name, account: account, clock: clock)) }
        recorder.begin("warm-up")
        let workers = hosts.flatMap { host in
            (0..<4).map { _ in Task { await host.work(recorder, stop: { recorder.isStopped }) } }
        }
        func phase(_ name: String, _ seconds: Double, _ fault: () async throws -> Void = {}) async throws {
            recorder.begin(name)
            try await fault()
            try await Task.sleep(for: .seconds(seconds))
        }
        try await Task.sleep(for: .seconds(3))  // a fresh store's quarantine, the pools' connections
        try await phase("steady", 4)
        try await phase("one host cut off", 2) { hosts[2].proxy.cut() }
        hosts[2].proxy.restore()
        try await phase("recovered", 2)
        if TestPostgres.directory != nil {
            try await phase("store paused (SIGSTOP)", 1.5) { try await TestPostgres.control("pause") }
            try await TestPostgres.control("resume")
            try await phase("store resumed", 2)
            try await phase("store restarted (-m immediate)", 4) { try await TestPostgres.control("restart") }
        }
        try await phase("host killed holding leases", 3) { try await hosts[2].kill() }
        recorder.stop()
        for worker in workers { await worker.value }
        recorder.finish()

        let arrivals = recorder.arrivals
        let audit = WindowAudit(limit: Self.limit, windowNanos: 1_000_000_000)
        #expect(audit.violations(in: arrivals).isEmpty, "over the account's limit: peak \(audit.peak(in: arrivals))")
        let cut = try #require(recorder.phases.first { $0.name == "one host cut off" })
        #expect(cut.arrivals > 0, "the other hosts go on while one is cut off")
        #expect(cut.refusals.keys.contains { $0.hasPrefix("h3") }, "the cut-off host fails closed")
        try writeFigures(recorder, hosts: hosts, peak: audit.peak(in: arrivals))
        for host in hosts where !host.dead.withLock({ $0 }) { try await host.kill() }
    }

    /// The figures for docs/SHARED.md, when `UPBIT_LIMITER_SHARED_FIGURES` names a file.
    private func writeFigures(_ recorder: LoadRecorder, hosts: [Host], peak: Int) throws {
        guard let path = TestPostgres.environment["UPBIT_LIMITER_SHARED_FIGURES"] else { return }
        var lines = ["peak in any 1 s window: \(peak) (limit \(Self.limit))"]
        for phase in recorder.phases {
            let seconds = Double(phase.end - phase.start) / 1e9
            let refusals = phase.refusals.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")
            lines.append(String(format: "%@: %.1f s, %d sent (%.2f of ideal), refused: %@", phase.name, seconds,
                                phase.arrivals, Double(phase.arrivals) / (Double(Self.limit) * seconds),
                                refusals.isEmpty ? "none" : refusals))
        }
        for host in hosts {
            if let store = host.shared.status().sharedStore {
                lines.append(String(format: "%@: round trip p50 %.2f ms, p99 %.2f ms, fail-closed periods %d (%.1f s), hosts seen %d",
                                    host.name, store.roundTripMs.p50, store.roundTripMs.p99 ?? 0,
                                    store.failClosedPeriods, store.failClosedS, store.hostsSeen))
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
