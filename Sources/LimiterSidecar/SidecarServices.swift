import ServiceLifecycle
import UpbitRateLimit

/// Runs a ``LimiterRuntime`` in a `ServiceGroup` until graceful shutdown.
public struct LimiterRuntimeService: Service {
    let runtime: LimiterRuntime

    /// A service running `runtime`.
    public init(runtime: LimiterRuntime) { self.runtime = runtime }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await runtime.run() }
    }
}

/// A service that, on graceful shutdown, answers every waiting acquire with 503 and ends every status
/// stream before the server quiesces (``SidecarServer/shutDown()``).
///
/// Put it after the HTTP server in the `ServiceGroup` (shutdown runs in reverse order).
public struct SidecarDrainService: Service {
    let server: SidecarServer

    /// A drain for `server`.
    public init(server: SidecarServer) { self.server = server }

    public func run() async throws {
        try? await gracefulShutdown()
        server.shutDown()
    }
}
