import DequeModule

/// The window-safe release rule of one group: a pure value, no locks, no clock.
///
/// Two rules combine (DESIGN.md §1):
/// - a GCRA pacer: theoretical arrival time `tat`, emission interval `T`, burst tolerance
///   `(n-1)·T`, so an idle group grants its full burst of `n` at once;
/// - a release log per window: the `n`-th most recent release `x` forbids another before
///   `x + L`, so **at most `n` releases fall in any interval of length `L`**, for every window.
///
/// With rate ratio `r` (adaptive cut × emergency factor) a window of `N` per `W` becomes
/// `n = max(1, ⌊N·r⌋)` per `L = W·max(1, n/(N·r)) + margin`: never more than `N` in `W`,
/// and an average pace of `N·r/W` even when `N·r < 1`.
public struct WindowScheduler: Sendable {
    struct Window: Sendable {
        let published: LimitWindow
        var allowed: Int
        var length: Int64
        var log: Deque<Int64> = []
    }

    private(set) var windows: [Window]
    private let primary: Int
    /// The safety margin added to every window, nanoseconds.
    public let marginNanos: Int64
    /// The ratio of the published rate in force, in (0, 1].
    public private(set) var ratio: Double = 1
    /// Theoretical arrival time of the next release (GCRA), nanoseconds.
    public private(set) var tat: Int64 = .min
    private var emission: Int64 = 0
    private var tolerance: Int64 = 0
    /// No release before this instant (a `Remaining-Req: sec=0` or a 429 hold).
    public private(set) var holdUntil: Int64 = .min

    /// A scheduler for `windows` with `marginNanos` of safety added to each window length.
    public init(windows: [LimitWindow], marginNanos: Int64) {
        precondition(!windows.isEmpty, "a group needs at least one window")
        self.windows = windows.map { Window(published: $0, allowed: $0.limit, length: 0) }
        primary = windows.indices.min { windows[$0].seconds < windows[$1].seconds }!
        self.marginNanos = max(0, marginNanos)
        applyRatio(1)
    }

    /// Sets the share of the published rate to use; clamped to [0.01, 1].
    public mutating func applyRatio(_ newRatio: Double) {
        ratio = min(1, max(0.01, newRatio.isFinite ? newRatio : 1))
        for i in windows.indices {
            let published = windows[i].published
            let target = Double(published.limit) * ratio
            let allowed = max(1, Int(target.rounded(.down)))
            let stretch = max(1, Double(allowed) / target)
            windows[i].allowed = allowed
            windows[i].length = Nanos.from(seconds: published.seconds * stretch) + marginNanos
        }
        emission = windows[primary].length / Int64(windows[primary].allowed)
        tolerance = emission * Int64(windows[primary].allowed - 1)
    }

    /// The earliest instant at or after `now` when one more release keeps every window safe.
    public func earliestRelease(now: Int64) -> Int64 {
        var at = max(now, holdUntil)
        if tat != .min { at = max(at, tat - tolerance) }
        for window in windows where window.log.count >= window.allowed {
            at = max(at, window.log[window.log.count - window.allowed] + window.length)
        }
        return at
    }

    /// Records a release at `now` in every window and advances the TAT.
    public mutating func recordRelease(at now: Int64) {
        tat = max(tat, now) + emission
        for i in windows.indices { append(now, to: i) }
    }

    private mutating func append(_ instant: Int64, to i: Int) {
        let published = windows[i].published.limit
        windows[i].log.append(instant)
        // Only the last `published` releases within the window can ever matter.
        let horizon = instant - windows[i].length
        while windows[i].log.count > published || (windows[i].log.first.map { $0 < horizon } ?? false) {
            windows[i].log.removeFirst()
        }
    }

    /// Forbids releases before `instant` (holds only ever extend).
    public mutating func hold(until instant: Int64) {
        holdUntil = max(holdUntil, instant)
    }

    /// Lifts any hold (operator reset).
    public mutating func clearHold() { holdUntil = .min }

    /// Aligns the primary window with the server's count from `Remaining-Req: sec=`.
    ///
    /// When the server has seen more requests than the log holds (other processes share the
    /// budget, or our clock runs ahead of its window), the difference is recorded as phantom
    /// releases at `now`; `sec=0` therefore holds the group until a full window has passed.
    /// Returns the number of phantom releases added.
    @discardableResult
    public mutating func absorbServerRemaining(_ remaining: Int, now: Int64) -> Int {
        let published = windows[primary].published
        let serverUsed = published.limit - max(0, min(remaining, published.limit))
        let since = now - Nanos.from(seconds: published.seconds)
        let ourUsed = windows[primary].log.reversed().prefix { $0 > since }.count
        let missing = serverUsed - ourUsed
        guard missing > 0 else { return 0 }
        for _ in 0..<missing { append(now, to: primary) }
        return missing
    }

    /// A scheduler for new `windows` that keeps this one's recent releases and hold.
    public func reconfigured(windows newWindows: [LimitWindow]) -> WindowScheduler {
        var next = WindowScheduler(windows: newWindows, marginNanos: marginNanos)
        next.applyRatio(ratio)
        let longest = windows.max { $0.log.count < $1.log.count }?.log ?? []
        for instant in longest { next.recordRelease(at: instant) }
        next.holdUntil = holdUntil
        return next
    }

    /// The primary (shortest) window as published.
    public var primaryWindow: LimitWindow { windows[primary].published }

    /// The length of the primary (shortest) window in force, margin included, nanoseconds.
    public var primaryLength: Int64 { windows[primary].length }

    /// Releases allowed now in the primary window and releases in its current window, at `now`.
    public func primaryUsage(now: Int64) -> (allowed: Int, used: Int) {
        let window = windows[primary]
        let since = now - window.length
        return (window.allowed, window.log.reversed().prefix { $0 > since }.count)
    }
}
