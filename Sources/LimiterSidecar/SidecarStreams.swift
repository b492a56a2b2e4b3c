import Synchronization
import UpbitRateLimit

/// The open `GET /v1/status/stream` subscriptions: at most ``limit`` at once, and all ended by
/// ``shutDown()`` so that a graceful shutdown never waits on an endless response.
final class SidecarStreams: Sendable {
    private struct State {
        var closed = false
        var next: UInt64 = 0
        var open: [UInt64: AsyncStream<StatusFrame>.Continuation] = [:]
    }
    private let state = Mutex(State())
    /// The most subscriptions served at once; one more is answered 503.
    let limit: Int

    /// A registry allowing `limit` subscriptions.
    init(limit: Int) { self.limit = limit }

    /// How many subscriptions are open.
    var count: Int { state.withLock { $0.open.count } }

    /// The frames of `source` until the client leaves or ``shutDown()``; 503 when ``limit``
    /// subscriptions are open or the server is shutting down.
    func subscribe(_ source: some StatusSource) throws(SidecarRequestError) -> AsyncStream<StatusFrame> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusFrame.self, bufferingPolicy: .bufferingNewest(2))
        let (id, refusal): (UInt64, String?) = state.withLock { state in
            if state.closed { return (0, "shutting down") }
            if state.open.count >= limit { return (0, "too many status streams open (limit \(limit)); retry later") }
            state.next += 1
            state.open[state.next] = continuation
            return (state.next, nil)
        }
        if let refusal { throw SidecarRequestError(status: .serviceUnavailable, refusal) }
        let pump = Task {
            for await update in source.updates() {
                if case .frame(let frame) = update { continuation.yield(frame) }
            }
            continuation.finish()
        }
        continuation.onTermination = { [weak self] _ in
            pump.cancel()
            _ = self?.state.withLock { $0.open.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every open subscription and refuses new ones.
    func shutDown() {
        let open = state.withLock { state in
            state.closed = true
            return Array(state.open.values)
        }
        open.forEach { $0.finish() }
    }
}
