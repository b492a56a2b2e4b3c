import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import UpbitRateLimit

/// The HTTP front of one ``LimiterRuntime``: acquire/report for bots, status, SSE, control, metrics.
///
/// Routes are documented in `docs/API.md`. Control routes need `Authorization: Bearer <token>`
/// (compared in constant time); without a configured token they answer 401 to everyone.
public final class SidecarServer: Sendable {
    /// How the server answers.
    public struct Configuration: Sendable {
        /// The largest accepted request body, bytes (413 above).
        public var bodyLimit: Int
        /// The default interval between SSE frames.
        public var streamInterval: Duration
        /// The shortest interval a client may ask for with `?interval_ms=`.
        public var minimumStreamInterval: Duration
        /// The most open connections; a request on one more is answered 503 and its connection closed.
        public var maxConnections: Int
        /// The most open status streams; one more is answered 503.
        public var maxStreams: Int
        /// How long a connection may stay idle, or take between two reads of a request, before it is closed.
        public var idleTimeout: Duration

        /// A configuration with a 16 KiB body cap, 500 ms frames, 512 connections, 64 streams, 60 s idle timeout.
        public init(bodyLimit: Int = 16 * 1024, streamInterval: Duration = .milliseconds(500),
                    minimumStreamInterval: Duration = .milliseconds(50), maxConnections: Int = 512,
                    maxStreams: Int = 64, idleTimeout: Duration = .seconds(60)) {
            self.bodyLimit = bodyLimit
            self.streamInterval = streamInterval
            self.minimumStreamInterval = minimumStreamInterval
            self.maxConnections = maxConnections
            self.maxStreams = maxStreams
            self.idleTimeout = idleTimeout
        }
    }

    /// The runtime served.
    public let runtime: LimiterRuntime
    /// The answer settings.
    public let configuration: Configuration
    /// Tracks in-flight acquires so that a shutdown answers them with 503.
    public let inflight = InflightAcquires()
    /// The open status streams, capped and ended at shutdown.
    let streams: SidecarStreams
    /// Counts connections and refuses those past ``Configuration/maxConnections``.
    let connections: SidecarConnectionGate
    /// Shared-store permits awaiting their reports (`serve --shared`).
    let sharedPermits = SharedPermitQueue()
    let token: SidecarToken?
    let metrics: SidecarMetrics
    let logger: Logger

    /// A server over `runtime`; `token` nil refuses every control call.
    public init(runtime: LimiterRuntime, token: String?, configuration: Configuration = .init(),
                logger: Logger = Logger(label: "upbit.sidecar")) {
        self.runtime = runtime
        self.token = token.map(SidecarToken.init)
        self.configuration = configuration
        self.streams = SidecarStreams(limit: configuration.maxStreams)
        self.connections = SidecarConnectionGate(limit: configuration.maxConnections)
        self.metrics = SidecarMetrics()
        self.logger = logger
    }

    /// The router with every route of the API.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/healthz") { _, _ in "ok" }
        router.post("/v1/acquire") { request, _ in await self.answer { try await self.acquire(request) } }
        router.post("/v1/report") { request, _ in await self.answer { try await self.report(request) } }
        router.get("/v1/status") { _, _ in SidecarResponse.json(.ok, self.runtime.status(source: self.runtime.label)) }
        router.get("/v1/status/stream") { request, _ in await self.answer { try self.stream(request) } }
        router.post("/v1/control/emergency") { request, _ in await self.answer { try await self.emergency(request) } }
        router.post("/v1/control/reset-recovery") { request, _ in
            await self.answer { try await self.resetRecovery(request) }
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.metrics.render(self.runtime))))
        }
        return router
    }

    /// An application serving ``router()`` on `host:port`; `onRunning` gets the bound port.
    public func application(host: String, port: Int,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        application(address: .hostname(host, port: port)) { await onRunning($0.localAddress?.port ?? 0) }
    }

    /// An application serving ``router()`` at `address`; `onRunning` gets the listening channel.
    ///
    /// Acquires that need no waiting and reports are answered in each connection's pipeline
    /// (``SidecarFastPathHandler``), the rest by the router.
    func application(address: BindAddress,
                     onRunning: @escaping @Sendable (any Channel) async -> Void) -> some ApplicationProtocol {
        let routes = fastRoutes, bodyLimit = configuration.bodyLimit, connections = connections
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [
            connections.handler(),
            SidecarFastPathHandler(routes: routes, bodyLimit: bodyLimit, serverName: Self.serverName),
        ], idleTimeout: .nanoseconds(configuration.idleTimeout.nanoseconds))
        return Application(router: router(), server: .http1(configuration: http1),
                           configuration: .init(address: address, serverName: Self.serverName),
                           onServerRunning: onRunning, logger: logger)
    }

    /// Answers every waiting acquire 503 "shutting down", refuses new ones, and ends every status stream.
    ///
    /// Called at the start of a graceful shutdown (``SidecarDrainService``), so that the HTTP server has
    /// no endless response to wait for.
    public func shutDown() {
        inflight.shutDown()
        streams.shutDown()
    }

    /// The accepted `timeout` of `POST /v1/acquire`: [0, 3600] seconds.
    static let acquireTimeouts = InputRange.closed(0, 3_600)

    /// The `Server` header.
    static let serverName = "upbit-limiter"

    /// `POST /v1/acquire` when a slot is free and `POST /v1/report`: answered in the channel pipeline.
    /// Anything else, errors included, goes to the router (the same checks, in ``tryAcquire(_:correlationID:)``
    /// and ``record(_:correlationID:)``, then fail there with their message).
    var fastRoutes: [SidecarFastRoute] {
        [
            SidecarFastRoute(method: .post, path: "/v1/acquire") { head, bytes in
                guard let body = FlatJSONObject(bytes).flatMap(AcquireRequest.init(flat:)),
                      let permit = try? self.tryAcquire(body, correlationID: body.correlationID ?? head.headerFields[.correlationID])
                else { return nil }
                return .init(status: .ok, body: AcquireResponse(permit).json)
            },
            SidecarFastRoute(method: .post, path: "/v1/report") { head, bytes in
                guard let body = FlatJSONObject(bytes).flatMap(ReportRequest.init(flat:)),
                      (try? self.record(body, correlationID: body.correlationID ?? head.headerFields[.correlationID])) != nil
                else { return nil }
                return .init(status: .noContent)
            },
        ]
    }

    private func answer(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let error as SidecarRequestError {
            return SidecarResponse.error(error.status, error.message)
        } catch let error as RateLimitError {
            switch error.code {
            case .timeout: return SidecarResponse.error(.gatewayTimeout, "\(error)")
            case .unknownGroup: return SidecarResponse.error(.badRequest, "group: unknown '\(error.group)'")
            case .shuttingDown: return SidecarResponse.error(.serviceUnavailable, "shutting down")
            default: return SidecarResponse.error(.serviceUnavailable, "\(error)", retryAfter: error.retryAfter)
            }
        } catch {
            return SidecarResponse.error(.internalServerError, "\(error)")
        }
    }

    private func acquire(_ request: Request) async throws -> Response {
        let body = try await SidecarBody.decode(AcquireRequest.self, from: request, limit: configuration.bodyLimit,
                                                fast: AcquireRequest.init(flat:))
        let correlationID = body.correlationID ?? request.headers[.correlationID]
        var granted = try tryAcquire(body, correlationID: correlationID)
        if granted == nil {
            let timeout = try Self.timeout(of: body)
            granted = try await inflight.run {
                try await self.waitForPermit(body, timeout: timeout, correlationID: correlationID)
            }
        }
        guard let permit = granted else { throw SidecarRequestError(status: .internalServerError, "no permit") }
        return SidecarResponse.json(.ok, AcquireResponse(permit).json)
    }

    /// Checks `body` and grants a free slot with nobody queued (without a tracked task); nil when it must wait.
    private func tryAcquire(_ body: AcquireRequest, correlationID: String?) throws -> Permit? {
        _ = try Self.timeout(of: body)
        if inflight.isClosed { throw RateLimitError(.shuttingDown, group: "sidecar") }
        if sharedLimiter(endpoint: body.endpoint, method: body.method) != nil { return nil }
        return runtime.limiter.tryAcquire(endpoint: body.endpoint, method: body.method, correlationID: correlationID)
    }

    /// The body's `timeout` as a checked `Duration` (nil when absent).
    private static func timeout(of body: AcquireRequest) throws(SidecarRequestError) -> Duration? {
        guard let seconds = body.timeout else { return nil }
        return try SidecarRequestError.checked { () throws(InputError) in
            try CheckedInput.seconds(seconds, "timeout", in: acquireTimeouts)
        }
    }

    private func report(_ request: Request) async throws -> Response {
        let body = try await SidecarBody.decode(ReportRequest.self, from: request, limit: configuration.bodyLimit,
                                                fast: ReportRequest.init(flat:))
        try record(body, correlationID: body.correlationID ?? request.headers[.correlationID])
        return Response(status: .noContent)
    }

    /// Checks `body` and hands the exchange's answer to the limiter.
    private func record(_ body: ReportRequest, correlationID: String?) throws {
        guard (0...999).contains(body.status) else { throw SidecarRequestError("status: \(body.status) is not an HTTP status (0 = transport error)") }
        if reportShared(body, correlationID: correlationID) { return }
        runtime.limiter.report(endpoint: body.endpoint, method: body.method, hasOrigin: false, status: body.status,
                               remainingReq: body.remainingReq, blockFor: nil, correlationID: correlationID)
    }
}

extension HTTPField.Name {
    /// `X-Correlation-ID`.
    static let correlationID = HTTPField.Name("X-Correlation-ID")!
}
