import Synchronization

/// Runs one store call with a time bound on the limiter clock, without waiting for a call
/// that ignores cancellation (a frozen store): the first of answer and timer wins.
enum StoreCall {
    struct TimedOut: Error {}

    static func run<T: Sendable>(timeout: Duration, clock: any LimiterClock,
                                 _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let finish: @Sendable (Result<T, any Error>) -> Void = { result in
            once.withLock { c in
                let taken = c
                c = nil
                return taken
            }?.resume(with: result)
        }
        let deadline = clock.now() + timeout.nanoseconds
        var tasks: [Task<Void, Never>] = []
        defer { for task in tasks { task.cancel() } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                once.withLock { $0 = continuation }
                tasks = [
                    Task { do { finish(.success(try await operation())) } catch { finish(.failure(error)) } },
                    Task {
                        try? await clock.sleep(until: deadline)
                        finish(.failure(Task.isCancelled ? CancellationError() : TimedOut()))
                    },
                ]
            }
        } onCancel: {
            finish(.failure(CancellationError()))
        }
    }
}
