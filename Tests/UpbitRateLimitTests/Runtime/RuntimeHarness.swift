import Foundation
import Synchronization
import UpbitRateLimit
import UpbitRateLimitTestKit

/// A ``LimiterRuntime`` on a ManualClock, running in a task, for the runtime tests.
struct RuntimeHarness {
    let clock: ManualClock
    let runtime: LimiterRuntime
    let task: Task<Void, Never>

    /// Starts a runtime and waits (without moving time) until every task is alive.
    static func start(_ configuration: RuntimeConfiguration = .init(), sinks: [any AlertSink] = [],
                      environment: [String: String] = [:]) async -> RuntimeHarness {
        let clock = ManualClock()
        let runtime = LimiterRuntime(configuration: configuration, clock: clock, sinks: sinks, environment: environment)
        return await start(runtime, clock: clock)
    }

    /// Starts the runtime `builder` makes on a new ManualClock.
    static func start(_ builder: RuntimeBuilder) async throws -> RuntimeHarness {
        let clock = ManualClock()
        return await start(try builder.makeRuntime(clock: clock), clock: clock)
    }

    private static func start(_ runtime: LimiterRuntime, clock: ManualClock) async -> RuntimeHarness {
        let task = Task { await runtime.run() }
        let harness = RuntimeHarness(clock: clock, runtime: runtime, task: task)
        await clock.settle(until: { harness.allAlive })
        return harness
    }

    var limiter: RateLimiter { runtime.limiter }
    var allAlive: Bool { runtime.supervisor.tasks().allSatisfy(\.alive) }
    func task(_ name: String) -> SupervisedTaskStatus? { runtime.supervisor.tasks().first { $0.name == name } }

    /// Stops the runtime and waits for it to end.
    func stop() async {
        task.cancel()
        await task.value
    }
}

/// A new file holding `text` in a fresh temporary folder; returns its path.
func temporaryConfigFile(_ text: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("limiter.json").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return file
}

/// Thread-safe list of alerts, an ``AlertSink`` that keeps what it is given.
final class RecordingSink: AlertSink {
    private let received = Mutex<[Alert]>([])
    let name = "recording"
    func deliver(_ alert: Alert) { received.withLock { $0.append(alert) } }
    func run(heartbeat: Heartbeat) async throws {
        while true { try await heartbeat.sleep(until: heartbeat.now + 1_000_000_000) }
    }
    var alerts: [Alert] { received.withLock { $0 } }
}
