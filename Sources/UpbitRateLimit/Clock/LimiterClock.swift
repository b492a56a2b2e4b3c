import Foundation

/// The source of time for every part of the limiter.
///
/// Time is monotonic nanoseconds from an arbitrary origin, so the scheduler does integer
/// arithmetic on its hot path. Production uses ``SystemLimiterClock``; tests inject a
/// manual clock (see `UpbitRateLimitTestKit.ManualClock`) and run hours in milliseconds.
public protocol LimiterClock: Sendable {
    /// Monotonic nanoseconds since this clock's origin.
    func now() -> Int64
    /// Suspends until ``now()`` reaches `deadline`; throws `CancellationError` when cancelled.
    func sleep(until deadline: Int64) async throws
    /// Wall-clock time (unix seconds) that corresponds to the monotonic instant `instant`.
    func wallTime(at instant: Int64) -> Double
}

extension LimiterClock {
    /// Wall-clock unix seconds now.
    public func wallNow() -> Double { wallTime(at: now()) }
}

/// The production clock: the system's monotonic clock read directly (one vDSO call, no
/// `Duration` arithmetic on the hot path), the system wall clock for stamps.
public struct SystemLimiterClock: LimiterClock {
    private let origin: Int64
    private let wallOrigin: Double

    /// Creates a clock whose origin is the moment of creation.
    public init() {
        origin = Self.monotonic()
        wallOrigin = Date().timeIntervalSince1970
    }

    private static func monotonic() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    public func now() -> Int64 { Self.monotonic() - origin }

    public func sleep(until deadline: Int64) async throws {
        let remaining = deadline - now()
        if remaining > 0 { try await Task.sleep(for: .nanoseconds(remaining), tolerance: .zero) }
        try Task.checkCancellation()
    }

    public func wallTime(at instant: Int64) -> Double { wallOrigin + Double(instant) / 1e9 }
}

extension Duration {
    /// This duration in whole nanoseconds, saturating at `Int64` bounds.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedSaturating(by: 1_000_000_000).addingSaturating(attoseconds / 1_000_000_000)
    }
}

/// Nanosecond conversions used across the library.
@usableFromInline
enum Nanos {
    /// `seconds` in nanoseconds, saturating at `Int64` bounds (NaN → 0): never traps.
    @inlinable static func from(seconds: Double) -> Int64 {
        let nanos = (seconds * 1e9).rounded()
        guard nanos.isFinite else { return nanos.isNaN ? 0 : (nanos > 0 ? .max : .min) }
        return nanos >= 9.223372036854775e18 ? .max : (nanos <= -9.223372036854775e18 ? .min : Int64(nanos))
    }
    @inlinable static func seconds(_ nanos: Int64) -> Double { Double(nanos) / 1e9 }
    @inlinable static func millis(_ nanos: Int64) -> Double { Double(nanos) / 1e6 }
}
