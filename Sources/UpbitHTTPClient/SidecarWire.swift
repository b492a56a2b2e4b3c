import Foundation
import UpbitRateLimit

/// The sidecar's bot routes as ``SidecarGate`` speaks them (`docs/API.md`).
enum SidecarWire {
    /// `POST /v1/acquire` body.
    struct Acquire: Encodable, Sendable {
        var endpoint: String
        var method: String
        var timeout: Double
        var lease: Bool
        var leaseS: Double
        enum CodingKeys: String, CodingKey { case endpoint, method, timeout, lease, leaseS = "lease_s" }
    }

    /// `POST /v1/acquire` answer: a leased permit's id (absent for a group the sidecar does not lease).
    struct Granted: Decodable {
        var permit: String?
    }

    /// `POST /v1/report` body: by `permit`, or by endpoint and method for a permit that was not leased.
    struct Report: Encodable, Sendable {
        var permit: String?
        var endpoint: String?
        var method: String?
        var status: Int
        var remainingReq: String?
        var retryAfterS: Double?
        enum CodingKeys: String, CodingKey {
            case permit, endpoint, method, status, remainingReq = "remaining_req", retryAfterS = "retry_after_s"
        }

        init(permit: String? = nil, status: Int, remainingReq: String? = nil, retryAfterS: Double? = nil) {
            self.permit = permit
            self.status = status
            self.remainingReq = remainingReq
            self.retryAfterS = retryAfterS
        }
    }

    /// `POST /v1/release` body.
    struct Release: Encodable, Sendable {
        var permit: String
    }

    /// An error answer: message, and for a limiter refusal its code, group and retry-after.
    struct Failure: Decodable {
        var error: String?
        var code: String?
        var group: String?
        var retryAfterS: Double?
        enum CodingKeys: String, CodingKey { case error, code, group, retryAfterS = "retry_after_s" }
    }

    /// A sidecar answer, read whole.
    struct Answer: Sendable {
        var status: Int
        var body: Data

        /// The error body's message, else the start of the body.
        var message: String {
            (try? JSONDecoder().decode(Failure.self, from: body))?.error ?? String(decoding: body.prefix(200), as: UTF8.self)
        }

        /// The error an acquire answered with anything but 200 throws: the limiter's refusal as the embedded
        /// limiter throws it, else a ``SidecarGateError``.
        func refusal(acquireOf request: String) -> any Error {
            let failure = try? JSONDecoder().decode(Failure.self, from: body)
            if status == 401 { return SidecarGateError(.unauthorized, "acquire of \(request): \(message)") }
            if let name = failure?.code, let code = RateLimitError.Code(name: name) {
                // From outside the process: an unusable retry-after is dropped, never trusted.
                let retryAfter = failure?.retryAfterS.flatMap { s in
                    try? CheckedInput.seconds(s, "retry_after_s", in: .closed(0, SidecarGate.seconds(SidecarGate.longestBlock)))
                }
                return RateLimitError(code, group: GroupID(failure?.group ?? "unknown"), retryAfter: retryAfter)
            }
            return SidecarGateError(status >= 500 ? .unavailable : .rejected,
                                    "sidecar answered \(status) to the acquire of \(request): \(message)")
        }
    }
}
