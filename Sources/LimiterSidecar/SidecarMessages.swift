import UpbitRateLimit

/// `POST /v1/acquire` body.
struct AcquireRequest: Decodable {
    var endpoint: String
    var method: String
    var timeout: Double?
    var correlationID: String?
    enum CodingKeys: String, CodingKey { case endpoint, method, timeout, correlationID = "correlation_id" }
}

/// `POST /v1/acquire` answer.
struct AcquireResponse: Encodable {
    var group: String
    var waitedMs: Double
    enum CodingKeys: String, CodingKey { case group, waitedMs = "waited_ms" }
}

/// `POST /v1/report` body.
struct ReportRequest: Decodable {
    var endpoint: String
    var method: String
    var status: Int
    var remainingReq: String?
    var correlationID: String?
    enum CodingKeys: String, CodingKey {
        case endpoint, method, status, remainingReq = "remaining_req", correlationID = "correlation_id"
    }
}

/// `POST /v1/control/emergency` body.
struct EmergencyRequest: Codable {
    var enabled: Bool
    var durationS: Double?
    var correlationID: String?
    enum CodingKeys: String, CodingKey { case enabled, durationS = "duration_s", correlationID = "correlation_id" }
}

/// `POST /v1/control/reset-recovery` body.
struct ResetRecoveryRequest: Codable {
    var group: String?
    var correlationID: String?
    enum CodingKeys: String, CodingKey { case group, correlationID = "correlation_id" }
}

/// The answer of a control call.
struct ControlResponse: Encodable {
    var ok: Bool
    var action: String
}
