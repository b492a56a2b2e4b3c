import UpbitRateLimit

/// What an ``UpbitClient`` asks before each request and tells after it.
///
/// ``RateLimiter`` is the gate that keeps 429s away; ``UnlimitedGate`` lets everything
/// through (a control in tests and benchmarks: the exchange must bite it).
public protocol RequestGate: Sendable {
    /// Waits until a request to `endpoint` may go; throws to refuse it.
    func admit(endpoint: String, method: String, timeout: Duration?) async throws
    /// Feeds back the answer: status (0 = transport error), `Remaining-Req`, 418 block length.
    func record(endpoint: String, method: String, status: Int, remainingReq: String?, blockFor: Duration?)
}

extension RateLimiter: RequestGate {
    /// Acquires a permit (the permit itself is not needed by the client).
    public func admit(endpoint: String, method: String, timeout: Duration?) async throws {
        _ = try await acquire(endpoint: endpoint, method: method, timeout: timeout)
    }

    /// Reports the answer to the limiter.
    public func record(endpoint: String, method: String, status: Int, remainingReq: String?, blockFor: Duration?) {
        report(endpoint: endpoint, method: method, status: status, remainingReq: remainingReq, blockFor: blockFor)
    }
}

/// A gate that never waits and ignores every answer.
public struct UnlimitedGate: RequestGate {
    /// The gate.
    public init() {}
    /// Returns at once.
    public func admit(endpoint: String, method: String, timeout: Duration?) async throws {}
    /// Ignores the answer.
    public func record(endpoint: String, method: String, status: Int, remainingReq: String?, blockFor: Duration?) {}
}
