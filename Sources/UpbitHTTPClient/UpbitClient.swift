import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Tracing
import UpbitRateLimit

/// Upbit's REST API behind a ``RequestGate``: the in-process ``UpbitRateLimit/RateLimiter``, or a sidecar
/// shared by every bot on the host (``SidecarGate``) — the same API either way.
///
/// Every call is acquire → sign → send → report: the limiter learns each status and
/// `Remaining-Req` header. A 429 is reported (the limiter cuts its rate and holds the
/// group) and the call goes back through the limiter, up to
/// ``Configuration/retriesAfter429`` times; a 418 is reported and thrown, never retried;
/// a transport failure or timeout is reported as status 0 and thrown.
///
/// ```swift
/// let client = UpbitClient(gate: limiter, configuration: .init(signer: signer))
/// // or, sharing the host's sidecar: UpbitClient(gate: try SidecarGate(configuration: .init(address: .http("http://127.0.0.1:8089"))), …)
/// let ticker = try await client.send(UpbitRequest(path: "/v1/ticker", parameters: [.init("markets", "KRW-BTC")]))
/// ```
public final class UpbitClient: Sendable {
    /// The gate asked before and told after every request.
    public let gate: any RequestGate
    /// Endpoint, credentials and timeouts.
    public let configuration: Configuration
    private let http: HTTPClient

    /// A client; `httpClient` defaults to the shared AsyncHTTPClient instance.
    public init(gate: any RequestGate, configuration: Configuration = .init(), httpClient: HTTPClient = .shared) {
        self.gate = gate
        self.configuration = configuration
        http = httpClient
    }

    /// Beyond the request timeout, the time a request may still take to be abandoned.
    static let abandonSlack = Duration.seconds(1)

    /// Sends `request` through the gate; returns any answer but 418 and a 429 left after retries.
    ///
    /// The call is an `upbit.send` span of `InstrumentationSystem.tracer` (a child of the caller's
    /// current span): the gate's `upbit.acquire`/`upbit.report` spans (a ``UpbitRateLimit/RateLimiter``
    /// with a tracer) and AsyncHTTPClient's request span (an `HTTPClient` made after the tracer was
    /// bootstrapped) are its children, and AsyncHTTPClient sends the trace on as `traceparent`.
    public func send(_ request: UpbitRequest) async throws -> UpbitResponse {
        try await InstrumentationSystem.tracer.withSpan("upbit.send") { span in
            span.attributes["http.request.method"] = request.method
            span.attributes["url.path"] = request.path
            let response = try await admitAndSend(request)
            span.attributes["http.response.status_code"] = response.status
            span.attributes["upbit.retried_429"] = response.retried429
            return response
        }
    }

    private func admitAndSend(_ request: UpbitRequest) async throws -> UpbitResponse {
        let name = "\(request.method) \(request.path)"
        var retried = 0
        while true {
            let permit = try await gate.admit(endpoint: request.path, method: request.method,
                                              timeout: configuration.acquireTimeout,
                                              answerWithin: configuration.requestTimeout + Self.abandonSlack)
            var response: UpbitResponse
            do {
                response = try await perform(request)
            } catch let error as UpbitClientError {
                // Refused before anything was written (bad URL, no credentials).
                await gate.releaseUnsent(permit)
                throw error
            } catch is CancellationError {
                // Cancelled in flight: the request may still reach the exchange.
                await gate.abandon(permit)
                throw CancellationError()
            } catch {
                // Transport error or timeout: no answer; the slot counts until the lease's bound.
                await gate.report(permit, endpoint: request.path, method: request.method, status: 0, remainingReq: nil,
                            blockFor: nil)
                throw UpbitClientError(.transport, request: name, message: String(describing: error))
            }
            await gate.report(permit, endpoint: request.path, method: request.method, status: response.status,
                        remainingReq: response.remainingReqHeader, blockFor: response.blockFor)
            switch response.status {
            case 418:
                let stated = response.blockFor.map { " for \($0)" } ?? ""
                throw UpbitClientError(.blocked, request: name, message: "418: blocked\(stated)")
            case 429 where retried < configuration.retriesAfter429:
                retried += 1
            case 429:
                throw UpbitClientError(.tooManyRequests, request: name, message: "429 after \(retried) retries")
            default:
                response.retried429 = retried
                return response
            }
        }
    }

    /// Sends a GET of `path` with `parameters`.
    public func get(_ path: String, _ parameters: [UpbitRequest.Parameter] = []) async throws -> UpbitResponse {
        try await send(UpbitRequest(method: "GET", path: path, parameters: parameters))
    }

    private func perform(_ request: UpbitRequest) async throws -> UpbitResponse {
        let name = "\(request.method) \(request.path)"
        var url = configuration.baseURL + request.path
        if !request.hasBody, !request.parameters.isEmpty { url += "?" + request.encodedQuery }
        guard URL(string: url) != nil else { throw UpbitClientError(.invalidURL, request: name, message: url) }
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "Accept", value: "application/json")
        if request.isSigned {
            guard let signer = configuration.signer else { throw UpbitClientError(.missingCredentials, request: name) }
            outgoing.headers.add(name: "Authorization", value: signer.authorization(query: request.queryString))
        }
        if request.hasBody {
            outgoing.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            outgoing.body = .bytes(ByteBuffer(bytes: request.jsonBody()))
        }
        let timeout = TimeAmount.nanoseconds(configuration.requestTimeout.nanoseconds)
        let answer = try await http.execute(outgoing, timeout: timeout)
        let body = try await answer.body.collect(upTo: configuration.maxBodyBytes)
        var headers: [String: String] = [:]
        for (key, value) in answer.headers { headers[key.lowercased()] = value }
        return UpbitResponse(status: Int(answer.status.code), headers: headers, body: Data(body.readableBytesView))
    }
}
