import ServiceLifecycle
import Synchronization
import UpbitRateLimit

/// The acquires in flight, so that a shutdown can answer each with 503 "shutting down".
public final class InflightAcquires: Sendable {
    private struct State {
        /// Cancels each waiting acquire's task.
        var tasks: [UInt64: @Sendable () -> Void] = [:]
        var next: UInt64 = 0
        var closed = false
    }
    private let state = Mutex(State())

    /// An empty tracker.
    public init() {}

    /// Whether ``shutDown()`` was called: new acquires are refused.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// How many acquires are waiting.
    public var count: Int { state.withLock { $0.tasks.count } }

    /// Runs `body` as a tracked task; after ``shutDown()`` throws `.shuttingDown` instead.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let id: UInt64? = state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.tasks[state.next] = { task.cancel() }
            return state.next
        }
        guard let id else {
            task.cancel()
            throw RateLimitError(.shuttingDown, group: "sidecar")
        }
        defer { _ = state.withLock { $0.tasks.removeValue(forKey: id) } }
        do {
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch is CancellationError where state.withLock({ $0.closed }) {
            throw RateLimitError(.shuttingDown, group: "sidecar")
        }
    }

    /// Refuses new acquires and cancels the waiting ones (each answered 503 "shutting down").
    public func shutDown() {
        let tasks = state.withLock { state in
            state.closed = true
            return Array(state.tasks.values)
        }
        tasks.forEach { $0() }
    }
}
