import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UpbitRateLimit

extension SidecarServer {
    func emergency(_ request: Request) async throws -> Response {
        try authorise(request)
        let body = try await SidecarBody.decode(EmergencyRequest.self, from: request, limit: configuration.bodyLimit)
        if let seconds = body.durationS, !(seconds > 0 && seconds < 1e9) {
            throw SidecarRequestError("duration_s: must be a positive number of seconds")
        }
        let correlationID = body.correlationID ?? request.headers[.correlationID]
        logger.notice("control: emergency", metadata: ["enabled": "\(body.enabled)",
                                                       "duration_s": "\(body.durationS.map { "\($0)" } ?? "default")",
                                                       "correlation_id": "\(correlationID ?? "-")"])
        try await runtime.setEmergency(enabled: body.enabled, duration: body.durationS.map { .nanoseconds(Int64($0 * 1e9)) },
                                       correlationID: correlationID)
        return SidecarResponse.json(.ok, ControlResponse(ok: true, action: body.enabled ? "emergency on" : "emergency off"))
    }

    func resetRecovery(_ request: Request) async throws -> Response {
        try authorise(request)
        let body = try await SidecarBody.decode(ResetRecoveryRequest.self, from: request, limit: configuration.bodyLimit)
        let correlationID = body.correlationID ?? request.headers[.correlationID]
        logger.notice("control: reset-recovery", metadata: ["group": "\(body.group ?? "all")",
                                                            "correlation_id": "\(correlationID ?? "-")"])
        try await runtime.resetRecovery(group: body.group.map(GroupID.init(rawValue:)), correlationID: correlationID)
        return SidecarResponse.json(.ok, ControlResponse(ok: true, action: "reset-recovery \(body.group ?? "all")"))
    }

    /// Throws 401 unless the request carries `Authorization: Bearer <token>` with the server's token.
    private func authorise(_ request: Request) throws {
        guard access.allows(.control, authorization: request.headers[.authorization], peer: .remote) else {
            logger.warning("control: refused (not authorised)",
                           metadata: ["correlation_id": "\(request.headers[.correlationID] ?? "-")"])
            throw SidecarRequestError(status: .unauthorized, "not authorised")
        }
    }

    /// `GET /v1/status/stream[?interval_ms=N]`: Server-Sent Events, one `data: <StatusFrame JSON>` per frame.
    func stream(_ request: Request) -> Response {
        var interval = configuration.streamInterval
        if let text = request.uri.queryParameters["interval_ms"], let ms = Int(text) {
            interval = max(.milliseconds(ms), configuration.minimumStreamInterval)
        }
        let runtime = runtime
        let feed = LimiterStatusFeed(label: runtime.label, clock: runtime.limiter.clock, interval: interval) {
            runtime.status(source: runtime.label)
        }
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await update in feed.updates() {
                guard case .frame(let frame) = update else { continue }
                var bytes = Array("data: ".utf8)
                bytes += (try? SidecarResponse.encoder.encode(frame)).map { Array($0) } ?? []
                bytes += Array("\n\n".utf8)
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        })
    }
}

/// A bearer token kept as bytes and compared in constant time.
struct SidecarToken: Sendable {
    let bytes: [UInt8]
    init(_ token: String) { bytes = Array(token.utf8) }

    /// Whether `candidate` equals the token; the time taken depends only on the lengths.
    func matches(_ candidate: String) -> Bool {
        let other = Array(candidate.utf8)
        var difference = UInt8(other.count == bytes.count ? 0 : 1)
        for index in 0..<other.count { difference |= other[index] ^ bytes[index % max(bytes.count, 1)] }
        return difference == 0 && !bytes.isEmpty
    }
}
