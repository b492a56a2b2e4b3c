/// The seed's production test scenarios, as the embedded demo plays them.
///
/// The seed's scenario 1 is ``normal`` → ``volatility`` → ``shock``; scenario 2 is the
/// panic part of ``shock``; scenario 3 is ``degradation``; scenario 4 is ``endurance``.
public enum DemoScenario: String, CaseIterable, Sendable, Hashable, Codable {
    /// Bots poll ticker (and now and then candles, orderbook, balances) every 5 s.
    case normal
    /// Every bot polls ticker and order chance each second: the ticker group saturates.
    case volatility
    /// Bots place and cancel orders every half second while 100 panicking traders check
    /// price and balance and fire three sell orders each, all at once.
    case shock
    /// One bot's ticker calls meet answers that slow from 0.1 s to 0.5 s to 2 s, then
    /// time out and fail: the circuit breaker opens and probes.
    case degradation
    /// Four load levels (30, 100, 200, 300 ticker calls a "minute", a tenth more on
    /// orderbook), each call of a minute started at once.
    case endurance

    /// One line for the console's header.
    public var summary: String {
        switch self {
        case .normal: "normal monitoring: ticker every 5 s per bot"
        case .volatility: "volatility spike: ticker + order chance every second"
        case .shock: "market shock: order/cancel bursts and 100 panicking traders"
        case .degradation: "gradual API degradation: 0.1 s → 0.5 s → 2 s → timeouts"
        case .endurance: "endurance: 30 → 100 → 200 → 300 calls a minute"
        }
    }
}

/// What a ``DemoWorkload`` saw of its calls.
public struct DemoTally: Hashable, Sendable, Codable {
    /// Calls that got a permit and were sent.
    public var sent = 0
    /// Answers with status 2xx.
    public var ok = 0
    /// Answers 429.
    public var tooMany429 = 0
    /// Answers 418.
    public var blocked418 = 0
    /// Answers 5xx.
    public var faults5xx = 0
    /// Calls the client gave up on (answer later than the call timeout).
    public var timeouts = 0
    /// Acquires the limiter refused (deadline, circuit open, 418 block).
    public var refused = 0

    /// Zero counts.
    public init() {}

    mutating func count(status: Int) {
        sent += 1
        switch status {
        case 200..<300: ok += 1
        case 429: tooMany429 += 1
        case 418: blocked418 += 1
        case 0: timeouts += 1
        default: faults5xx += 1
        }
    }
}
