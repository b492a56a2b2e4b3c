import DequeModule
import Logging
import PostgresNIO
import Synchronization

/// The store's connections: at most ``maximum`` open, reused while they work, closed at the
/// first sign of trouble.
///
/// postgres-nio's pooled `PostgresClient` keeps a connection leased for as long as a query on
/// it has not answered and offers no way to give up on it: after a `pg_ctl restart -m
/// immediate` an acquire was seen waiting more than 60 s. Here a call that fails, or whose
/// task is cancelled (``SharedRateLimiter`` cancels every store call at its store timeout),
/// closes its connection at once — the pending query fails, the server rolls back what did
/// not commit — and the next call connects afresh. A connection found closed while idle (the
/// server restarted) is dropped before use. So the store fails closed within the store
/// timeout and recovers on the first call after the server is back.
final class StoreConnections: Sendable {
    /// Thrown by calls after ``shutdown()``.
    struct ShutDown: Error {}
    /// Thrown when ``maximum`` connections are busy and ``maximumWaiters`` calls already wait.
    struct Busy: Error {}

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: Deque<(id: UInt64, continuation: CheckedContinuation<Void, any Error>)> = []
        var nextWaiter: UInt64 = 0
        var isShutDown = false
    }

    /// The most connections open at once.
    let maximum: Int
    /// The most calls waiting for a connection; one more fails at once (fail closed).
    let maximumWaiters: Int
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let state = Mutex(State())
    private let connectionIDs = Atomic<Int>(0)

    init(configuration: PostgresConnection.Configuration, maximum: Int, maximumWaiters: Int, logger: Logger) {
        self.configuration = configuration
        self.maximum = max(1, maximum)
        self.maximumWaiters = max(0, maximumWaiters)
        self.logger = logger
    }

    /// Runs `body` on a connection of its own. An error or the task's cancellation closes the
    /// connection (cancellation closes it while `body` still waits for the server).
    func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await take()
        do {
            let result = try await withTaskCancellationHandler {
                try await body(connection)
            } onCancel: {
                Self.drop(connection)
            }
            try Task.checkCancellation()
            giveBack(connection)
            return result
        } catch {
            Self.drop(connection)
            giveBack(nil)
            throw error
        }
    }

    /// Closes every idle connection and refuses later calls; calls under way close theirs when they end.
    func shutdown() {
        let (idle, waiters) = state.withLock { s in
            s.isShutDown = true
            defer { s.idle = []; s.waiters = [] }
            s.open -= s.idle.count
            return (s.idle, s.waiters)
        }
        for connection in idle { Self.drop(connection) }
        for waiter in waiters { waiter.continuation.resume(throwing: ShutDown()) }
    }

    /// Closes `connection` without waiting (a pending query fails at once); the connection is
    /// kept alive until its channel has closed (postgres-nio asserts that).
    private static func drop(_ connection: PostgresConnection) {
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    private enum Step {
        case use(PostgresConnection)
        case connect
        case wait
    }

    /// An open connection: an idle one, a new one, or one freed by another call.
    private func take() async throws -> PostgresConnection {
        while true {
            try Task.checkCancellation()
            let (step, stale) = try state.withLock { s throws -> (Step?, [PostgresConnection]) in
                guard !s.isShutDown else { throw ShutDown() }
                var stale: [PostgresConnection] = []
                while let connection = s.idle.popLast() {
                    if !connection.isClosed { return (.use(connection), stale) }
                    stale.append(connection)
                    s.open -= 1
                }
                if s.open < maximum {
                    s.open += 1
                    return (.connect, stale)
                }
                guard s.waiters.count < maximumWaiters else { throw Busy() }
                return (.wait, stale)
            }
            for connection in stale { Self.drop(connection) }
            switch step {
            case .use(let connection)?: return connection
            case .connect?:
                do {
                    let id = connectionIDs.add(1, ordering: .relaxed).newValue
                    return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
                } catch {
                    giveBack(nil)
                    throw error
                }
            case .wait?, nil: try await waitForTurn()
            }
        }
    }

    /// Suspends until a connection is given back (or a slot frees); cancellation ends the wait.
    private func waitForTurn() async throws {
        let id = state.withLock { s in
            defer { s.nextWaiter += 1 }
            return s.nextWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let refusal: (any Error)? = state.withLock { s in
                    if s.isShutDown { return ShutDown() }
                    if Task.isCancelled { return CancellationError() }
                    s.waiters.append((id, continuation))
                    return nil
                }
                if let refusal { continuation.resume(throwing: refusal) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Returns `connection` to the idle list (nil: it was closed, its slot frees) and wakes one waiter.
    private func giveBack(_ connection: PostgresConnection?) {
        let (waiter, close) = state.withLock { s -> (CheckedContinuation<Void, any Error>?, Bool) in
            if let connection, !s.isShutDown, !connection.isClosed {
                s.idle.append(connection)
            } else {
                s.open -= 1
            }
            return (s.waiters.popFirst()?.continuation, s.isShutDown && connection != nil)
        }
        if close, let connection { Self.drop(connection) }
        waiter?.resume()
    }
}
