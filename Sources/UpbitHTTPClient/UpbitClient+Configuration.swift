extension UpbitClient {
    /// Where and how an ``UpbitClient`` sends. Every property has a default.
    public struct Configuration: Sendable {
        // MARK: Endpoint

        /// Scheme, host and port, no trailing slash (default: Upbit Korea).
        public var baseURL: String
        /// Credentials for exchange endpoints; nil allows quotation endpoints only.
        public var signer: UpbitSigner?

        // MARK: Timeouts and retries

        /// The longest wait for an answer (seed: 3 s).
        public var requestTimeout: Duration
        /// The longest wait in the gate; nil uses the limiter's default.
        public var acquireTimeout: Duration?
        /// How many times a 429 goes back through the gate before the call fails.
        public var retriesAfter429: Int
        /// Bodies larger than this fail the call.
        public var maxBodyBytes: Int

        /// Upbit Korea, no credentials, 3 s timeout, two retries after a 429.
        public init(
            baseURL: String = "https://api.upbit.com",
            signer: UpbitSigner? = nil,
            requestTimeout: Duration = .seconds(3),
            acquireTimeout: Duration? = nil,
            retriesAfter429: Int = 2,
            maxBodyBytes: Int = 4 << 20
        ) {
            self.baseURL = baseURL
            self.signer = signer
            self.requestTimeout = requestTimeout
            self.acquireTimeout = acquireTimeout
            self.retriesAfter429 = max(0, retriesAfter429)
            self.maxBodyBytes = maxBodyBytes
        }
    }
}
