import Hummingbird
import Synchronization

/// Serves `router` on an ephemeral loopback port until the returned task is cancelled.
func startLoopbackServer(_ router: Router<BasicRequestContext>) async throws -> (port: Int, task: Task<Void, any Error>) {
    let port = Mutex<Int?>(nil)
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
    let task = Task { try await app.runService() }
    for _ in 0..<100_000 where port.withLock({ $0 }) == nil { await Task.yield() }
    guard let bound = port.withLock({ $0 }) else { throw CancellationError() }
    return (bound, task)
}
