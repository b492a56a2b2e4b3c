@testable import UpbitRateLimit

extension RateLimiter {
    /// Ten ticker permits leased for 3 s now: the ticker window is full until they settle.
    func fillTickerWindowWithLeases() -> [Permit] {
        (0..<10).map { _ in tryAcquire(group: .ticker, lease: .seconds(3))! }
    }
}
