import UpbitRateLimit

extension ExchangeEnforcer {
    /// The rules an ``ExchangeEnforcer`` applies. Every property has a default.
    public struct Configuration: Sendable {
        // MARK: Limits

        /// The published groups and windows to enforce.
        public var limits: LimitTable
        /// Sliding (strict, default) or fixed windows.
        public var windowMode: WindowMode

        // MARK: 418 escalation

        /// More than this many 429s on one scope key within ``offenceWindow`` earn a 418.
        public var offenceThreshold: Int
        /// The span over which 429s are counted towards a 418.
        public var offenceWindow: Duration
        /// Length of the first block; each further block on the same key doubles it.
        public var blockBase: Duration
        /// The longest block.
        public var blockMax: Duration

        /// The published Korean limits, sliding windows, 418 after more than 10 429s in 10 s,
        /// blocks of 10 s, 20 s, 40 s … up to one hour.
        public init(
            limits: LimitTable = .preset(.korea),
            windowMode: WindowMode = .sliding,
            offenceThreshold: Int = 10,
            offenceWindow: Duration = .seconds(10),
            blockBase: Duration = .seconds(10),
            blockMax: Duration = .seconds(3600)
        ) {
            self.limits = limits
            self.windowMode = windowMode
            self.offenceThreshold = offenceThreshold
            self.offenceWindow = offenceWindow
            self.blockBase = blockBase
            self.blockMax = blockMax
        }
    }
}
