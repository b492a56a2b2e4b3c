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

/// A service that, on graceful shutdown, answers every waiting acquire with 503 before the server quiesces.
///
/// Put it after the HTTP server in the `ServiceGroup` (shutdown runs in reverse order).
public struct InflightDrainService: Service {
    let inflight: InflightAcquires

    /// A drain for `inflight`.
    public init(inflight: InflightAcquires) { self.inflight = inflight }

    public func run() async throws {
        try? await gracefulShutdown()
        inflight.shutDown()
    }
}
