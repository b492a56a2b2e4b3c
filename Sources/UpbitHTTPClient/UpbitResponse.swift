import Foundation
import UpbitRateLimit

/// An answer from Upbit (or the emulator).
public struct UpbitResponse: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// Response headers, names lowercased.
    public var headers: [String: String]
    /// The body bytes.
    public var body: Data
    /// Answers 429 that were retried through the limiter before this one.
    public var retried429: Int

    /// An answer; see the properties.
    public init(status: Int, headers: [String: String], body: Data, retried429: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.retried429 = retried429
    }

    /// The raw `Remaining-Req` header.
    public var remainingReqHeader: String? { headers["remaining-req"] }

    /// The parsed `Remaining-Req` header, when present and well formed.
    public var remainingReq: RemainingReq? { remainingReqHeader.flatMap { try? RemainingReq.parse($0).get() } }

    /// For a 418: the stated block length (`Retry-After` seconds, at most a day), when given and valid.
    public var blockFor: Duration? {
        guard status == 418 else { return nil }
        return RetryAfter.parse(headers["retry-after"])
    }

    /// Decodes the body as JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
}
