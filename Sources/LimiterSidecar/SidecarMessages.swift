import UpbitRateLimit

/// `POST /v1/acquire` body.
struct AcquireRequest: Decodable {
    var endpoint: String
    var method: String
    var timeout: Double?
    var correlationID: String?
    /// Whether to lease the permit: the answer carries a `permit` id to report with.
    var lease: Bool?
    /// The lease bound asked for, seconds (default ``SidecarPermits/defaultLease``).
    var leaseS: Double?
    enum CodingKeys: String, CodingKey {
        case endpoint, method, timeout, lease, correlationID = "correlation_id", leaseS = "lease_s"
    }
}

extension AcquireRequest {
    /// The body read from `object`, nil when a field is missing or of another type.
    init?(flat object: FlatJSONObject) {
        guard let endpoint = object.required("endpoint", \.string), let method = object.required("method", \.string),
              let timeout = object.optional("timeout", \.number),
              let correlationID = object.optional("correlation_id", \.string),
              let lease = object.optional("lease", \.bool), let leaseS = object.optional("lease_s", \.number) else { return nil }
        self.init(endpoint: endpoint, method: method, timeout: timeout, correlationID: correlationID, lease: lease, leaseS: leaseS)
    }
}

/// `POST /v1/acquire` answer.
struct AcquireResponse {
    var group: String
    var waitedMs: Double
    /// The leased permit's id and bound (seconds from the grant), when leased.
    var lease: SidecarPermits.Lease?

    /// The answer for `permit`, leased as `lease`.
    init(_ permit: Permit, lease: SidecarPermits.Lease? = nil) {
        group = permit.group.rawValue
        waitedMs = Double(permit.waitedNanos) / 1e6
        self.lease = lease
    }

    /// `{"group":…,"waited_ms":…}`, plus `"permit":…,"report_by_s":…` when leased.
    var json: FlatJSONObject {
        var fields: [(key: String, value: FlatJSONObject.Value)] = [("group", .string(group)),
                                                                   ("waited_ms", .number(waitedMs, integer: nil))]
        if let lease {
            fields += [("permit", .string(lease.id)), ("report_by_s", .number(lease.seconds, integer: nil))]
        }
        return FlatJSONObject(fields)
    }
}

/// `POST /v1/report` body.
///
/// With `permit` the endpoint and method are the permit's (they may be left out); without it both are required.
struct ReportRequest: Decodable {
    var endpoint: String?
    var method: String?
    var status: Int
    var remainingReq: String?
    var correlationID: String?
    /// The leased permit answered (from the acquire's answer).
    var permit: String?
    /// The ban length stated with a 418 (`Retry-After`), seconds.
    var retryAfterS: Double?
    /// How long before sending this report the bot had the exchange's answer, seconds.
    var answerAgeS: Double?
    enum CodingKeys: String, CodingKey {
        case endpoint, method, status, permit, remainingReq = "remaining_req", correlationID = "correlation_id",
             retryAfterS = "retry_after_s", answerAgeS = "answer_age_s"
    }
}

extension ReportRequest {
    /// The body read from `object`, nil when a field is missing or of another type.
    init?(flat object: FlatJSONObject) {
        guard let endpoint = object.optional("endpoint", \.string), let method = object.optional("method", \.string),
              let status = object.required("status", \.integer),
              let remainingReq = object.optional("remaining_req", \.string),
              let correlationID = object.optional("correlation_id", \.string),
              let permit = object.optional("permit", \.string),
              let retryAfterS = object.optional("retry_after_s", \.number),
              let answerAgeS = object.optional("answer_age_s", \.number) else { return nil }
        self.init(endpoint: endpoint, method: method, status: status, remainingReq: remainingReq, correlationID: correlationID,
                  permit: permit, retryAfterS: retryAfterS, answerAgeS: answerAgeS)
    }
}

/// `POST /v1/release` body: a leased permit whose request was never sent.
struct ReleaseRequest: Decodable {
    var permit: String
}

extension ReleaseRequest {
    /// The body read from `object`, nil when `permit` is missing or not a string.
    init?(flat object: FlatJSONObject) {
        guard let permit = object.required("permit", \.string) else { return nil }
        self.init(permit: permit)
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
