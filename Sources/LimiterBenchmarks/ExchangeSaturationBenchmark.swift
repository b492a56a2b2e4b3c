import Foundation
import Synchronization
import UpbitHTTPClient
import UpbitRateLimit

/// Saturates groups through an ``UpbitClient`` and measures the share of each published
/// limit used, with the 429s and 418s the exchange (or emulator) answered.
///
/// ```swift
/// let bench = ExchangeSaturationBenchmark(client: client, duration: .seconds(10))
/// for result in await bench.run(ExchangeSaturationBenchmark.standardTargets) { … }
/// ```
///
/// The share is the steady-state rate over the published rate: the first second is left
/// out (an idle group grants its full burst at once), then `(n - N) / (rate · span)` over
/// the accepted answers from the first to the last, which is exact for releases that come
/// in bursts of the window's `N` and slightly low for evenly paced ones.
public struct ExchangeSaturationBenchmark: Sendable {
    /// One group to saturate: a request charged to it and its published rate.
    public struct Target: Sendable {
        public var group: GroupID
        public var request: UpbitRequest
        public var limitPerSecond: Double
        /// A target; see the properties.
        public init(group: GroupID, request: UpbitRequest, limitPerSecond: Double) {
            self.group = group
            self.request = request
            self.limitPerSecond = limitPerSecond
        }
    }

    /// What one group got.
    public struct Result: Sendable, Hashable {
        public var group: GroupID
        public var limitPerSecond: Double
        /// Answers 2xx over the whole run.
        public var accepted: Int
        public var tooMany429: Int
        public var blocked418: Int
        /// Other failures (transport, 5xx, limiter refusals).
        public var otherFailures: Int
        /// Steady-state accepted rate over the published rate (see the type's notes).
        public var share: Double
    }

    /// The client under test (its gate is the limiter, or a control).
    public let client: UpbitClient
    /// How long each group is saturated.
    public let duration: Duration
    /// Concurrent callers per group.
    public let concurrency: Int

    /// A benchmark of `client` for `duration` with `concurrency` callers per group.
    public init(client: UpbitClient, duration: Duration = .seconds(10), concurrency: Int = 24) {
        self.client = client
        self.duration = duration
        self.concurrency = max(1, concurrency)
    }

    /// Ticker (10/s, per IP), order (12/s, per pocket) and default (30/s, per pocket).
    public static let standardTargets: [Target] = [
        Target(group: .ticker, request: UpbitRequest(path: "/v1/ticker", parameters: [.init("markets", "KRW-BTC")]),
               limitPerSecond: 10),
        Target(group: .order, request: UpbitRequest(method: "POST", path: "/v1/orders", parameters: [
            .init("market", "KRW-BTC"), .init("side", "ask"), .init("volume", "0.01"), .init("ord_type", "limit"),
            .init("price", "100000000"),
        ]), limitPerSecond: 12),
        Target(group: .default, request: UpbitRequest(path: "/v1/accounts"), limitPerSecond: 30),
    ]

    /// Saturates every target at once (groups are independent) and returns one result per target.
    public func run(_ targets: [Target] = standardTargets) async -> [Result] {
        await withTaskGroup(of: Result.self) { group in
            for target in targets { group.addTask { await saturate(target) } }
            var results: [Result] = []
            for await result in group { results.append(result) }
            return targets.compactMap { t in results.first { $0.group == t.group } }
        }
    }

    private func saturate(_ target: Target) async -> Result {
        let tally = SaturationTally()
        let start = ContinuousClock.now
        let end = start + duration
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while ContinuousClock.now < end {
                        do {
                            _ = try await client.send(target.request)
                            let at = (ContinuousClock.now - start) / .seconds(1)
                            tally.state.withLock { $0.accepted.append(at) }
                        } catch let error as UpbitClientError where error.code == .tooManyRequests {
                            tally.state.withLock { $0.r429 += 1 }
                        } catch let error as UpbitClientError where error.code == .blocked {
                            tally.state.withLock { $0.r418 += 1 }
                            try? await Task.sleep(for: .seconds(1))
                        } catch {
                            tally.state.withLock { $0.other += 1 }
                        }
                    }
                }
            }
        }
        let t = tally.state.withLock { $0 }
        let steady = t.accepted.filter { $0 >= 1 }.sorted()
        let perWindow = Int(target.limitPerSecond.rounded())
        var share = 0.0
        if let first = steady.first, let last = steady.last, last > first, steady.count > perWindow {
            share = Double(steady.count - perWindow) / (target.limitPerSecond * (last - first))
        }
        return Result(group: target.group, limitPerSecond: target.limitPerSecond, accepted: t.accepted.count,
                      tooMany429: t.r429, blocked418: t.r418, otherFailures: t.other, share: share)
    }
}

/// The counts of one saturated group, shared by its callers.
private final class SaturationTally: Sendable {
    struct Counts: Sendable {
        var accepted: [Double] = []
        var r429 = 0
        var r418 = 0
        var other = 0
    }
    let state = Mutex(Counts())
}
