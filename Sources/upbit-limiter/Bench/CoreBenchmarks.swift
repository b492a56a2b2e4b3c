import Foundation
import Synchronization
import UpbitRateLimit

/// The core limiter's benchmarks (issue #2): each returns rows for the table.
struct CoreBenchmarks {
    /// A limiter whose `default` group allows far more than any benchmark can ask: 10 million
    /// per millisecond, so its release log holds about a millisecond of grants.
    private func unlimited() -> RateLimiter {
        var table = LimitTable.preset(.korea)
        let i = table.groups.firstIndex { $0.name == .default }!
        table.groups[i].windows = [LimitWindow(limit: 10_000_000, seconds: 0.001)]
        return RateLimiter(configuration: .init(limits: table, margin: .zero))
    }

    private func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }

    private func nanos(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        return Double((ContinuousClock.now - start).nanoseconds)
    }

    func tryAcquireNanos(iterations: Int) -> BenchRow {
        let samples = (0..<7).map { _ in
            let limiter = unlimited()
            return nanos { for _ in 0..<iterations { _ = limiter.tryAcquire(group: .default) } } / Double(iterations)
        }
        return BenchRow(name: "tryAcquire, uncontended (median of 7)", value: String(format: "%.1f ns", median(samples)),
                        target: "≤ 50 ns")
    }

    func acquireNanos(iterations: Int) async -> BenchRow {
        var samples: [Double] = []
        for _ in 0..<7 {
            let limiter = unlimited()
            let start = ContinuousClock.now
            for _ in 0..<iterations { _ = try? await limiter.acquire(group: .default) }
            samples.append(Double((ContinuousClock.now - start).nanoseconds) / Double(iterations))
        }
        return BenchRow(name: "acquire, uncontended (median of 7)", value: String(format: "%.1f ns", median(samples)),
                        target: "≤ 50 ns")
    }

    func concurrentGrants(tasks: Int, perTask: Int) async -> BenchRow {
        let limiter = unlimited()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask { for _ in 0..<perTask { _ = try? await limiter.acquire(group: .default) } }
            }
        }
        let seconds = Double((ContinuousClock.now - start).nanoseconds) / 1e9
        let rate = Double(tasks * perTask) / seconds
        return BenchRow(name: "grants/s, \(tasks) concurrent tasks", value: String(format: "%.2f M/s", rate / 1e6))
    }

    /// RSS growth per queued acquire, and the same less a bare suspended task (the limiter's own share).
    func bytesPerWaiter(count: Int) async -> [BenchRow] {
        var table = LimitTable.preset(.korea)
        let i = table.groups.firstIndex { $0.name == .orderCancelAll }!
        table.groups[i].windows = [LimitWindow(limit: 1, seconds: 86_400)]
        let limiter = RateLimiter(configuration: .init(limits: table, defaultTimeout: .seconds(3_600)))
        _ = limiter.tryAcquire(group: .orderCancelAll)

        let parked = ParkedTasks()
        var before = residentBytes()
        let bare = (0..<count).map { _ in Task { await parked.park() } }
        while parked.count < count { try? await Task.sleep(for: .milliseconds(10)) }
        let perTask = Double(residentBytes() - before) / Double(count)

        before = residentBytes()
        let tasks = (0..<count).map { _ in Task { _ = try? await limiter.acquire(group: .orderCancelAll) } }
        while limiter.queueDepth(of: .orderCancelAll) < count { try? await Task.sleep(for: .milliseconds(10)) }
        let perWaiter = Double(residentBytes() - before) / Double(count)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        parked.releaseAll()
        for task in bare { await task.value }
        let left = limiter.queueDepth(of: .orderCancelAll)
        return [
            BenchRow(name: "bytes per waiter, \(count) waiting (RSS, its task included)",
                     value: String(format: "%.0f B", perWaiter)),
            BenchRow(name: "  of which the limiter's (less a bare suspended task)",
                     value: String(format: "%.0f B (queue after cancelling all: %d)", perWaiter - perTask, left),
                     target: "≤ 500 B"),
        ]
    }

    func lateness(seconds: Int) async throws -> [BenchRow] {
        let limiter = RateLimiter()
        let clock = limiter.clock
        var handoff: [Double] = []
        let end = clock.now() + Int64(seconds) * 1_000_000_000
        while clock.now() < end {
            let permit = try await limiter.acquire(group: .default)
            handoff.append(Double(clock.now() - permit.releasedAt) / 1e6)
        }
        let drift = limiter.status().group(.default)!.tatDriftMs
        handoff.sort()
        func pct(_ p: Double) -> Double { handoff[min(handoff.count - 1, Int(Double(handoff.count) * p))] }
        return [
            BenchRow(name: "release lateness at 30/s, p50 / p99 (\(handoff.count) grants)",
                     value: String(format: "%.3f / %.3f ms", drift.p50, drift.p99 ?? 0), target: "p99 ≤ 1 ms"),
            BenchRow(name: "release → caller hand-off at 30/s, p50 / p99",
                     value: String(format: "%.3f / %.3f ms", pct(0.5), pct(0.99))),
        ]
    }

    /// Tasks suspended on a continuation, doing nothing: the baseline cost of a waiting task.
    final class ParkedTasks: Sendable {
        private let parked = Mutex<[CheckedContinuation<Void, Never>]>([])
        var count: Int { parked.withLock { $0.count } }
        func park() async { await withCheckedContinuation { c in parked.withLock { $0.append(c) } } }
        func releaseAll() { for c in parked.withLock({ $0 }) { c.resume() } }
    }

    private func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Int(text.split(separator: " ")[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
