extension DemoWorkload {
    /// Sizes and timeouts of the demo. The defaults keep the console busy: queues and waits
    /// in every scenario but ``DemoScenario/normal``, circuit activity in the degradation.
    public struct Configuration: Sendable {
        // MARK: Load

        /// Concurrent bots in the normal, volatility and shock scenarios (the seed has 1).
        public var bots: Int
        /// Panicking traders in the shock scenario (seed: 100).
        public var panicTraders: Int
        /// Polling rounds of 5 s per bot in the normal scenario (seed: 60).
        public var normalRounds: Int
        /// One-second rounds per bot in the volatility scenario (seed: 30).
        public var volatilityRounds: Int
        /// Order/cancel rounds per bot in the shock scenario (seed: 10).
        public var shockRounds: Int
        /// Ticker calls of the degradation scenario (seed: 150); the answers slow down at
        /// one third and two thirds of them.
        public var degradationCalls: Int
        /// "Minutes" played per load level in the endurance scenario (seed: 60).
        public var enduranceMinutes: Int

        // MARK: Client

        /// Who the exchange sees: one IP and one pocket.
        public var client: ClientIdentity
        /// The longest an acquire may wait.
        public var acquireTimeout: Duration
        /// The client gives up on an answer after this long (seed: 3 s).
        public var callTimeout: Duration
        /// The longest a bot backs off after a refusal with a `retryAfter`.
        public var longestBackoff: Duration
        /// Keep the release instant of every permit (tests audit them).
        public var recordsGrants: Bool
        /// Fixes every random choice of the workload.
        public var seed: UInt64

        /// Defaults for the console's embedded demo.
        public init(
            bots: Int = 16,
            panicTraders: Int = 100,
            normalRounds: Int = 12,
            volatilityRounds: Int = 30,
            shockRounds: Int = 10,
            degradationCalls: Int = 150,
            enduranceMinutes: Int = 3,
            client: ClientIdentity = ClientIdentity(ip: "10.0.0.1", pocket: "demo"),
            acquireTimeout: Duration = .seconds(60),
            callTimeout: Duration = .seconds(3),
            longestBackoff: Duration = .seconds(30),
            recordsGrants: Bool = false,
            seed: UInt64 = 42
        ) {
            self.bots = max(1, bots)
            self.panicTraders = max(0, panicTraders)
            self.normalRounds = max(1, normalRounds)
            self.volatilityRounds = max(1, volatilityRounds)
            self.shockRounds = max(1, shockRounds)
            self.degradationCalls = max(3, degradationCalls)
            self.enduranceMinutes = max(1, enduranceMinutes)
            self.client = client
            self.acquireTimeout = acquireTimeout
            self.callTimeout = callTimeout
            self.longestBackoff = longestBackoff
            self.recordsGrants = recordsGrants
            self.seed = seed
        }
    }
}
