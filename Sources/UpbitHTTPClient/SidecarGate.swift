import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Tracing
import UpbitRateLimit

/// A ``RequestGate`` that asks a limiter sidecar (`upbit-limiter serve`) over HTTP or its Unix socket,
/// so that every bot on a host — Swift or Python — shares one limiter.
///
/// Every permit is leased (`POST /v1/acquire` with `"lease": true` and the client's answer bound): its
/// window slot counts until the answer is reported (`POST /v1/report` with the `permit`, status,
/// `Remaining-Req` and the 418's `Retry-After`), so no margin is needed however late the bot runs. A
/// request never sent is released (`POST /v1/release`); one abandoned in flight is reported with
/// status 0, which keeps its slot counted until the lease's bound (the exchange may still count it).
///
/// Refusals are the embedded limiter's (``UpbitRateLimit/RateLimitError``: timeout, blocked, circuit
/// open, shutting down); a sidecar that cannot be reached, refuses the token or answers anything else
/// throws ``SidecarGateError``. A report or release that fails is logged: its lease ends by itself at
/// its bound. Waiting acquires and reports use separate connection pools, so a report never queues
/// behind acquires waiting for the slots it would free.
///
/// ```swift
/// let gate = try SidecarGate(configuration: .init(address: .unixSocket("/run/user/1000/upbit-limiter.sock")))
/// let client = UpbitClient(gate: gate, configuration: .init(signer: signer))
/// // … at exit:
/// try await gate.shutdown()
/// ```
public final class SidecarGate: RequestGate {
    /// Where the sidecar is and how long to wait for it.
    public let configuration: Configuration
    private let acquires: HTTPClient
    private let reports: HTTPClient
    private let logger: Logger

    /// A gate over the sidecar `configuration` names; throws ``SidecarGateError`` for an unusable address.
    /// Call ``shutdown()`` when done.
    public init(configuration: Configuration, logger: Logger = Logger(label: "upbit.sidecar-gate")) throws(SidecarGateError) {
        try configuration.address.check()
        self.configuration = configuration
        self.logger = logger
        let tracer = configuration.resolvedTracer
        acquires = Self.client(connections: configuration.maxWaitingAcquires, tracer: tracer)
        reports = Self.client(connections: Self.reportConnections, tracer: tracer)
    }

    /// A pool of up to `connections` keep-alive connections whose requests carry `tracer`'s context.
    private static func client(connections: Int, tracer: (any Tracer)?) -> HTTPClient {
        var configuration = HTTPClient.Configuration(connectionPool: .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections))
        configuration.tracing.tracer = tracer
        return HTTPClient(configuration: configuration)
    }

    /// Connections kept for reports and releases.
    static let reportConnections = 16

    /// Closes the gate's connections; no call may follow.
    public func shutdown() async throws {
        try await acquires.shutdown()
        try await reports.shutdown()
    }

    /// Acquires a permit leased for `answerWithin` from the sidecar, waiting up to `timeout`
    /// (``Configuration/defaultTimeout`` when nil).
    public func admit(endpoint: String, method: String, timeout: Duration?,
                      answerWithin: Duration) async throws -> GatePermit? {
        let wait = max(.zero, min(timeout ?? configuration.defaultTimeout, Self.longestWait))
        let body = SidecarWire.Acquire(endpoint: endpoint, method: method, timeout: Self.seconds(wait), lease: true,
                                       leaseS: Self.seconds(min(max(answerWithin, Self.shortestLease), Self.longestWait)))
        let answer = try await call(acquires, "/v1/acquire", body, within: wait + configuration.callTimeout)
        guard answer.status == 200 else { throw answer.refusal(acquireOf: "\(method) \(endpoint)") }
        guard let granted = try? JSONDecoder().decode(SidecarWire.Granted.self, from: answer.body) else {
            throw SidecarGateError(.unavailable, "sidecar at \(configuration.address) answered an acquire with an unreadable body")
        }
        return granted.permit.map { .remote(id: $0) }
    }

    /// Reports the answer; a leased permit's slot settles now (status 0: kept counted to its bound).
    public func report(_ permit: GatePermit?, endpoint: String, method: String, status: Int, remainingReq: String?,
                       blockFor: Duration?) async {
        var body = SidecarWire.Report(status: status, remainingReq: remainingReq,
                                      retryAfterS: blockFor.map { Self.seconds(min(max(.zero, $0), Self.longestBlock)) })
        if case .remote(let id) = permit { body.permit = id } else { (body.endpoint, body.method) = (endpoint, method) }
        await deliver("/v1/report", body)
    }

    /// Releases a leased permit whose request was never sent: its slot is free at once.
    public func releaseUnsent(_ permit: GatePermit?) async {
        guard case .remote(let id) = permit else { return }
        await deliver("/v1/release", SidecarWire.Release(permit: id))
    }

    /// Reports status 0 for a request that may have been sent: its slot counts until the lease's bound.
    public func abandon(_ permit: GatePermit?) async {
        guard case .remote(let id) = permit else { return }
        await deliver("/v1/report", SidecarWire.Report(permit: id, status: 0))
    }

    /// Posts `body` to `path` even when the caller is cancelled (the sidecar must learn of the request); logs a failure.
    private func deliver(_ path: String, _ body: some Encodable & Sendable) async {
        let outcome = await Task { [self] in
            do {
                let answer = try await call(reports, path, body, within: configuration.callTimeout)
                return answer.status < 300 ? nil : "\(answer.status) \(answer.message)"
            } catch {
                return "\(error)"
            }
        }.value
        if let outcome {
            logger.warning("sidecar call failed; the lease ends at its bound",
                           metadata: ["path": "\(path)", "error": "\(outcome)"])
        }
    }

    private func call(_ client: HTTPClient, _ path: String, _ body: some Encodable,
                      within limit: Duration) async throws(SidecarGateError) -> SidecarWire.Answer {
        var request = HTTPClientRequest(url: configuration.address.url(path))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
            let answer = try await client.execute(request, timeout: .nanoseconds(limit.nanoseconds))
            let bytes = try await answer.body.collect(upTo: Self.maxAnswerBytes)
            return SidecarWire.Answer(status: Int(answer.status.code), body: Data(bytes.readableBytesView))
        } catch {
            throw SidecarGateError(.unavailable, "sidecar at \(configuration.address) unreachable: \(error)")
        }
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e9 }

    /// The sidecar's bounds: waits and leases up to an hour, leases from 1 ms, stated blocks up to a week.
    static let longestWait = Duration.seconds(3_600)
    static let shortestLease = Duration.milliseconds(1)
    static let longestBlock = Duration.seconds(604_800)
    /// The largest sidecar answer read.
    static let maxAnswerBytes = 64 * 1024
}
