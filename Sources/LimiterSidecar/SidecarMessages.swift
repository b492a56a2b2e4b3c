import UpbitRateLimit

/// `POST /v1/acquire` body.
struct AcquireRequest: Decodable {
    var endpoint: String
    var method: String
    var timeout: Double?
    var correlationID: String?
    enum CodingKeys: String, CodingKey { case endpoint, method, timeout, correlationID = "correlation_id" }
}

extension AcquireRequest {
    /// The body read from `object`, nil when a field is missing or of another type.
    init?(flat object: FlatJSONObject) {
        guard let endpoint = object.required("endpoint", \.string), let method = object.required("method", \.string),
              let timeout = object.optional("timeout", \.number),
              let correlationID = object.optional("correlation_id", \.string) else { return nil }
        self.init(endpoint: endpoint, method: method, timeout: timeout, correlationID: correlationID)
    }
}

/// `POST /v1/acquire` answer.
struct AcquireResponse {
    var group: String
    var waitedMs: Double

    /// The answer for `permit`.
    init(_ permit: Permit) {
        group = permit.group.rawValue
        waitedMs = Double(permit.waitedNanos) / 1e6
    }

    /// `{"group":…,"waited_ms":…}`.
    var json: FlatJSONObject {
        FlatJSONObject([("group", .string(group)), ("waited_ms", .number(waitedMs, integer: nil))])
    }
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

extension ReportRequest {
    /// The body read from `object`, nil when a field is missing or of another type.
    init?(flat object: FlatJSONObject) {
        guard let endpoint = object.required("endpoint", \.string), let method = object.required("method", \.string),
              let status = object.required("status", \.integer),
              let remainingReq = object.optional("remaining_req", \.string),
              let correlationID = object.optional("correlation_id", \.string) else { return nil }
        self.init(endpoint: endpoint, method: method, status: status, remainingReq: remainingReq, correlationID: correlationID)
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
