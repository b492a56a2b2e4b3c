/// Why an ``UpbitClient`` call failed.
public struct UpbitClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case blocked, tooManyRequests, transport, missingCredentials, invalidURL
        }
        private let base: Base
        /// The exchange answered 418: the scope is blocked; never retried.
        public static let blocked = Code(base: .blocked)
        /// Still 429 after the configured number of retries through the limiter.
        public static let tooManyRequests = Code(base: .tooManyRequests)
        /// No answer: connection failure or timeout.
        public static let transport = Code(base: .transport)
        /// A signed endpoint was called without credentials.
        public static let missingCredentials = Code(base: .missingCredentials)
        /// The base URL and path do not make a URL.
        public static let invalidURL = Code(base: .invalidURL)
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// `METHOD /path` of the request.
    public let request: String
    /// Details: the underlying error or the stated block length.
    public let message: String

    /// An error about `request`.
    public init(_ code: Code, request: String, message: String = "") {
        self.code = code
        self.request = request
        self.message = message
    }

    public var description: String { "\(code) on \(request)" + (message.isEmpty ? "" : ": \(message)") }
}
