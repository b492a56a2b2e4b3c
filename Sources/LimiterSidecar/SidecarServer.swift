import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import UpbitRateLimit

/// The HTTP front of one ``LimiterRuntime``: acquire/report for bots, status, SSE, control, metrics.
///
/// Routes are documented in `docs/API.md`; who may call which is ``SidecarAccess`` (bot, control and
/// read tiers). Leased permits handed out by `acquire` are tracked in a bounded registry until
/// reported or released.
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
    /// Who may call which route.
    public let access: SidecarAccess
    let permits = SidecarPermits()
    /// The swift-metrics registry `GET /metrics` emits (see ``LimiterMetricsFactory``).
    public let metrics: PrometheusCollectorRegistry
    let logger: Logger

    /// A server over `runtime`; `token` is the control token (nil refuses every control call), `botToken`
    /// the bot tier's (nil: bots on loopback need none), `readAccess` the tier of the read-only routes;
    /// `/metrics` emits `metrics` (by default the registry ``LimiterMetricsFactory/bootstrap()`` installs).
    public init(runtime: LimiterRuntime, token: String?, botToken: String? = nil, readAccess: SidecarAccess.Tier = .open,
                configuration: Configuration = .init(),
                metrics: PrometheusCollectorRegistry = LimiterMetricsFactory.processRegistry,
                logger: Logger = Logger(label: "upbit.sidecar")) {
        self.runtime = runtime
        access = SidecarAccess(controlToken: token, botToken: botToken, readAccess: readAccess)
        self.configuration = configuration
        self.streams = SidecarStreams(limit: configuration.maxStreams)
        self.connections = SidecarConnectionGate(limit: configuration.maxConnections)
        self.metrics = metrics
        self.logger = logger
    }

    /// The router with every route of ``routes``, behind the 405 guard built from the same table.
    public func router() -> Router<SidecarRequestContext> {
        let routes = routes
        let router = Router(context: SidecarRequestContext.self)
        router.add(middleware: SidecarMethodGuard(methods: Dictionary(uniqueKeysWithValues: routes.map { ($0.path, $0.method) })))
        for route in routes { router.on(RouterPath(route.path), method: route.method, use: route.handler) }
        return router
    }

    /// One route of the API: its path, its one method and its handler.
    struct Route {
        let method: HTTPRequest.Method
        let path: String
        let handler: @Sendable (Request, SidecarRequestContext) async -> Response
    }

    /// Every route of the API (the router and the 405 guard both read this one table).
    var routes: [Route] {
        let read = access.readAccess
        return [
            Route(method: .get, path: "/healthz") { request, context in
                self.refusal(read, request, context) ?? Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                                                                 body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
            },
            Route(method: .post, path: "/v1/acquire") { request, context in
                await self.answer { try self.authorise(.bot, request, context); return try await self.acquire(request) }
            },
            Route(method: .post, path: "/v1/report") { request, context in
                await self.answer { try self.authorise(.bot, request, context); return try await self.report(request) }
            },
            Route(method: .post, path: "/v1/release") { request, context in
                await self.answer { try self.authorise(.bot, request, context); return try await self.release(request) }
            },
            Route(method: .get, path: "/v1/status") { request, context in
                self.refusal(read, request, context) ?? SidecarResponse.json(.ok, self.runtime.status(source: self.runtime.label))
            },
            Route(method: .get, path: "/v1/status/stream") { request, context in
                await self.answer { try self.authorise(read, request, context); return try self.stream(request) }
            },
            Route(method: .post, path: "/v1/control/emergency") { request, _ in
                await self.answer { try await self.emergency(request) }
            },
            Route(method: .post, path: "/v1/control/reset-recovery") { request, _ in
                await self.answer { try await self.resetRecovery(request) }
            },
            Route(method: .get, path: "/metrics") { request, context in
                self.refusal(read, request, context) ?? Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                                                                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.metrics.emitToBuffer())))
            },
        ]
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

    /// `POST /v1/acquire` when a slot is free, `POST /v1/report` and `POST /v1/release`: answered in the
    /// channel pipeline. An acquire that must wait or fails, an unauthorised request and a body the flat
    /// scanner does not read go to the router (the same checks, in ``tryAcquire(_:correlationID:)``, then fail
    /// there with their message); a report or release that fails is answered here, since closing a permit
    /// cannot be done twice.
    var fastRoutes: [SidecarFastRoute] {
        [
            SidecarFastRoute(method: .post, path: "/v1/acquire") { head, bytes, peer in
                guard self.access.allows(.bot, authorization: head.headerFields[.authorization], peer: peer),
                      let body = FlatJSONObject(bytes).flatMap(AcquireRequest.init(flat:)),
                      let trace = try? self.trace(head.headerFields),
                      let answer = try? trace.run({
                          try self.tryAcquire(body, correlationID: trace.correlationID(body.correlationID, head.headerFields))
                      })
                else { return nil }
                return .init(status: .ok, body: answer.json)
            },
            SidecarFastRoute(method: .post, path: "/v1/report") { head, bytes, peer in
                guard self.access.allows(.bot, authorization: head.headerFields[.authorization], peer: peer),
                      let body = FlatJSONObject(bytes).flatMap(ReportRequest.init(flat:)),
                      let trace = try? self.trace(head.headerFields) else { return nil }
                return .noContent {
                    try trace.run { try self.record(body, correlationID: trace.correlationID(body.correlationID, head.headerFields)) }
                }
            },
            SidecarFastRoute(method: .post, path: "/v1/release") { head, bytes, peer in
                guard self.access.allows(.bot, authorization: head.headerFields[.authorization], peer: peer),
                      let body = FlatJSONObject(bytes).flatMap(ReleaseRequest.init(flat:)) else { return nil }
                return .noContent { try self.release(body) }
            },
        ]
    }

    private func answer(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let error as SidecarRequestError {
            return SidecarResponse.error(error.status, error.message)
        } catch let error as RateLimitError {
            switch error.code {
            case .timeout: return SidecarResponse.error(.gatewayTimeout, "\(error)", refusal: error)
            case .unknownGroup: return SidecarResponse.error(.badRequest, "group: unknown '\(error.group)'")
            case .shuttingDown: return SidecarResponse.error(.serviceUnavailable, "shutting down", refusal: error)
            default: return SidecarResponse.error(.serviceUnavailable, "\(error)", retryAfter: error.retryAfter, refusal: error)
            }
        } catch {
            return SidecarResponse.error(.internalServerError, "\(error)")
        }
    }

    private func acquire(_ request: Request) async throws -> Response {
        let body = try await SidecarBody.decode(AcquireRequest.self, from: request, limit: configuration.bodyLimit,
                                                fast: AcquireRequest.init(flat:))
        let trace = try trace(request.headers)
        let correlationID = trace.correlationID(body.correlationID, request.headers)
        if let granted = try trace.run({ try tryAcquire(body, correlationID: correlationID) }) {
            return SidecarResponse.json(.ok, granted.json)
        }
        let timeout = try Self.timeout(of: body), lease = try leaseLength(body)
        let grant = try await inflight.run {
            try await trace.run {
                try await self.waitForPermit(body, timeout: timeout, lease: lease, correlationID: correlationID)
            }
        }
        if let shared = grant.shared { return SidecarResponse.json(.ok, try await granted(shared, for: body).json) }
        return SidecarResponse.json(.ok, try granted(grant.permit).json)
    }

    /// The trace of a request with these headers (its `traceparent` checked), for the limiter's tracer.
    func trace(_ fields: HTTPFields) throws(SidecarRequestError) -> SidecarTrace {
        try SidecarTrace(fields, tracer: runtime.limiter.configuration.tracer)
    }

    /// Checks `body` and grants a free slot with nobody queued (without a tracked task); nil when it must wait.
    private func tryAcquire(_ body: AcquireRequest, correlationID: String?) throws -> AcquireResponse? {
        _ = try Self.timeout(of: body)
        let lease = try leaseLength(body)
        if inflight.isClosed { throw RateLimitError(.shuttingDown, group: "sidecar") }
        if sharedLimiter(endpoint: body.endpoint, method: body.method) != nil { return nil }
        guard let permit = runtime.limiter.tryAcquire(endpoint: body.endpoint, method: body.method, lease: lease,
                                                      correlationID: correlationID) else { return nil }
        return try granted(permit)
    }

    /// The body's `timeout` as a checked `Duration` (nil when absent).
    private static func timeout(of body: AcquireRequest) throws(SidecarRequestError) -> Duration? {
        guard let seconds = body.timeout else { return nil }
        return try Self.seconds(seconds, "timeout", in: acquireTimeouts)
    }

    private func report(_ request: Request) async throws -> Response {
        let body = try await SidecarBody.decode(ReportRequest.self, from: request, limit: configuration.bodyLimit,
                                                fast: ReportRequest.init(flat:))
        let trace = try trace(request.headers)
        try trace.run { try record(body, correlationID: trace.correlationID(body.correlationID, request.headers)) }
        return Response(status: .noContent)
    }

    private func release(_ request: Request) async throws -> Response {
        let body = try await SidecarBody.decode(ReleaseRequest.self, from: request, limit: configuration.bodyLimit,
                                                fast: ReleaseRequest.init(flat:))
        try release(body)
        return Response(status: .noContent)
    }
}

extension HTTPField.Name {
    /// `X-Correlation-ID`.
    static let correlationID = HTTPField.Name("X-Correlation-ID")!
}
