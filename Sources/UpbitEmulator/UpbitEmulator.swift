import Crypto
import ExchangeSimulation
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import UpbitRateLimit

/// A local Upbit that enforces the published limits strictly, over HTTP.
///
/// Every request goes through a ``SimulatedExchange`` (the same enforcement core as the
/// console's embedded demo): public groups are counted per remote IP (on loopback every
/// client shares one IP; `X-Forwarded-For` is ignored), exchange groups per pocket, keyed
/// by the access key in the request's JWT. Every answer carries `Remaining-Req`; a 418
/// carries `Retry-After` (seconds of block left). `GET /__stats` returns the counts per group.
public final class UpbitEmulator: Sendable {
    /// How the emulator listens and enforces.
    public let configuration: EmulatorConfiguration
    /// The exchange behind the HTTP front.
    public let exchange: SimulatedExchange
    private let logger: Logger

    /// An emulator; nothing listens until ``run(onRunning:)``.
    public init(configuration: EmulatorConfiguration = .init(), logger: Logger = Logger(label: "upbit.emulator")) {
        self.configuration = configuration
        self.logger = logger
        exchange = SimulatedExchange(rules: configuration.rules, conditions: configuration.conditions,
                                     clock: SystemLimiterClock(), seed: configuration.seed)
    }

    /// Serves until the task is cancelled; `onRunning` gets the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).run()
    }

    /// Serves until SIGINT or SIGTERM, then stops gracefully.
    public func runUntilSignalled(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }

    private func application(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router(context: EmulatorContext.self)
        router.get("/__stats") { _, _ in self.statsResponse() }
        for method in [HTTPRequest.Method.get, .post, .delete, .put] {
            router.on("**", method: method) { request, context in try await self.answer(request, context) }
        }
        return Application(router: router,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "upbit-emulator"),
                           onServerRunning: { await onRunning($0.localAddress?.port ?? 0) },
                           logger: logger)
    }

    private func answer(_ request: Request, _ context: EmulatorContext) async throws -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        if method == "POST", let body = try? await request.body.collect(upTo: 1 << 20),
           let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] {
            for (key, value) in object { query[key] = "\(value)" }
        }
        var client = ClientIdentity(ip: context.remoteIP)
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
            let token = String(auth.dropFirst(7))
            guard let payload = EmulatorToken.accessKey(of: token, secrets: configuration.secrets) else {
                return json(401, EmulatorBodies.error("jwt_verification", "Invalid JWT"), remaining: nil)
            }
            client.pocket = payload
        }
        let group = exchange.route(endpoint: path, method: method)
        if configuration.rules.limits[group]?.scope == .pocket, client.pocket == nil {
            return json(401, EmulatorBodies.error("no_authorization_token", "Authorization token is missing"), remaining: nil)
        }
        let answer = try await exchange.send(endpoint: path, method: method, client: client)
        switch answer.status {
        case 200:
            return json(method == "POST" ? 201 : 200, EmulatorBodies.body(method: method, path: path, query: query),
                        remaining: answer.remainingReq)
        case 429:
            var response = json(429, EmulatorBodies.error("too_many_requests", "Too many API requests."),
                                remaining: answer.remainingReq)
            response.headers[.contentType] = "text/plain; charset=utf-8"
            response.body = .init(byteBuffer: ByteBuffer(string: "Too many API requests."))
            return response
        case 418:
            var response = json(418, EmulatorBodies.error("blocked", "Blocked for \(answer.verdict.blockedForSeconds ?? 0) s"),
                                remaining: answer.remainingReq)
            response.headers[.retryAfter] = String(answer.verdict.blockedForSeconds ?? 1)
            return response
        default:
            return json(answer.status, EmulatorBodies.error("server_error", "Simulated fault"), remaining: answer.remainingReq)
        }
    }

    private func statsResponse() -> Response {
        let stats = exchange.stats()
        var groups: [String: Any] = [:]
        for (name, counts) in stats {
            groups[name.rawValue] = ["requests": counts.requests, "accepted": counts.accepted,
                                     "too_many_429": counts.tooMany429, "blocked_418": counts.blocked418,
                                     "faults_5xx": counts.faults5xx]
        }
        let totals = ["requests": stats.values.reduce(0) { $0 + $1.requests },
                      "too_many_429": stats.values.reduce(0) { $0 + $1.tooMany429 },
                      "blocked_418": stats.values.reduce(0) { $0 + $1.blocked418 }]
        return json(200, ["groups": groups, "totals": totals], remaining: nil)
    }

    private func json(_ status: Int, _ object: Any, remaining: String?) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let remaining, let name = HTTPField.Name("Remaining-Req") { headers[name] = remaining }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
