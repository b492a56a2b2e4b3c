/// Why a ``SidecarGate`` could not ask its sidecar (a limiter refusal is an ``UpbitRateLimit/RateLimitError``).
public struct SidecarGateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unavailable, unauthorized, rejected, invalidAddress
        }
        private let base: Base
        /// The sidecar did not answer (not running, wrong address, timeout) or answered something unreadable.
        public static let unavailable = Code(base: .unavailable)
        /// The sidecar refused the bot token (401): missing, wrong, or needed off loopback.
        public static let unauthorized = Code(base: .unauthorized)
        /// The sidecar refused the call for another reason (its message says which).
        public static let rejected = Code(base: .rejected)
        /// The configured address cannot be used.
        public static let invalidAddress = Code(base: .invalidAddress)
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A one-line message naming the sidecar.
    public let message: String

    /// An error of kind `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
