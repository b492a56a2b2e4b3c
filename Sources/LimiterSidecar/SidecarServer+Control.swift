import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UpbitRateLimit

extension SidecarServer {
    /// The accepted `duration_s` of `POST /v1/control/emergency`: (0, 86400] seconds.
    static let emergencyDurations = InputRange.above(0, through: 86_400)

    /// Control calls read `traceparent` as every route does: a malformed one is 400, and its trace id names
    /// the action in the log and the audit log when neither the body nor `X-Correlation-ID` does.
    func emergency(_ request: Request) async throws -> Response {
        try authorise(request)
        let trace = try trace(request.headers)
        let body = try await SidecarBody.decode(EmergencyRequest.self, from: request, limit: configuration.bodyLimit)
        let duration = try body.durationS.map { seconds in
            try SidecarRequestError.checked { () throws(InputError) in
                try CheckedInput.seconds(seconds, "duration_s", in: Self.emergencyDurations)
            }
        }
        let correlationID = trace.correlationID(body.correlationID, request.headers)
        logger.notice("control: emergency", metadata: ["enabled": "\(body.enabled)",
                                                       "duration_s": "\(body.durationS.map { "\($0)" } ?? "default")",
                                                       "correlation_id": "\(correlationID ?? "-")"])
        try await ControlSource.$current.withValue(Self.apiSource) {
            try await trace.run { try await runtime.setEmergency(enabled: body.enabled, duration: duration, correlationID: correlationID) }
        }
        return SidecarResponse.json(.ok, ControlResponse(ok: true, action: body.enabled ? "emergency on" : "emergency off"))
    }

    func resetRecovery(_ request: Request) async throws -> Response {
        try authorise(request)
        let trace = try trace(request.headers)
        let body = try await SidecarBody.decode(ResetRecoveryRequest.self, from: request, limit: configuration.bodyLimit)
        let correlationID = trace.correlationID(body.correlationID, request.headers)
        logger.notice("control: reset-recovery", metadata: ["group": "\(body.group ?? "all")",
                                                            "correlation_id": "\(correlationID ?? "-")"])
        try await ControlSource.$current.withValue(Self.apiSource) {
            try await trace.run {
                try await runtime.resetRecovery(group: body.group.map(GroupID.init(rawValue:)), correlationID: correlationID)
            }
        }
        return SidecarResponse.json(.ok, ControlResponse(ok: true, action: "reset-recovery \(body.group ?? "all")"))
    }

    /// Throws 401 unless the request carries `Authorization: Bearer <token>` with the server's token.
    private func authorise(_ request: Request) throws {
        guard access.allows(.control, authorization: request.headers[.authorization], peer: .remote) else {
            let correlationID = request.headers[.correlationID] ?? (try? trace(request.headers))?.parent?.traceID
            logger.warning("control: refused (not authorised)", metadata: ["correlation_id": "\(correlationID ?? "-")"])
            runtime.auditLog?.append(.init(t: runtime.limiter.clock.wallNow(), action: "token_refused", source: "api",
                                           outcome: "refused: \(request.method) \(request.uri.path)",
                                           correlationID: correlationID))
            throw SidecarRequestError(status: .unauthorized, "not authorised")
        }
    }

    /// The audit log's source for calls with the control token.
    static let apiSource = "api:control-token"
}
