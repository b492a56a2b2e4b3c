import DequeModule

/// The window-safe release rule of one group: a pure value, no locks, no clock.
///
/// Two rules combine (DESIGN.md §1):
/// - a GCRA pacer: theoretical arrival time `tat`, emission interval `T = W/n`, burst
///   tolerance `(n-1)·T`, so an idle group grants its full burst of `n` at once;
/// - a release log per window of *settle instants* — the latest instant the server can
///   count each release: the `n`-th latest `x` forbids another release before `x + W`, so
///   **at most `n` requests reach the server in any interval of length `W`**, for every window.
///
/// A release settles at `release + margin` (the margin absorbs scheduling and network jitter),
/// or, for a *leased* release, when its answer is reported: the server counted the request
/// before it answered, so no margin is needed. Until then a lease counts at its `reportBy`
/// bound (the caller answers or abandons the request by then); see ``settleLease(reportBy:at:)``.
///
/// With rate ratio `r` (adaptive cut × emergency factor) a window of `N` per `W` becomes
/// `n = max(1, ⌊N·r⌋)` per `W·max(1, n/(N·r))`: never more than `N` in `W`, and an average
/// pace of `N·r/W` even when `N·r < 1`.
public struct WindowScheduler: Sendable {
    struct Window: Sendable {
        let published: LimitWindow
        var allowed: Int
        /// The window in force (stretched when `N·r < 1`), margin excluded, nanoseconds.
        var length: Int64
        /// Settle instants, ascending.
        var log: Deque<Int64> = []
    }

    private(set) var windows: [Window]
    private let primary: Int
    /// The safety margin of releases that are not leased, nanoseconds.
    public let marginNanos: Int64
    /// The ratio of the published rate in force, in (0, 1].
    public private(set) var ratio: Double = 1
    /// Theoretical arrival time of the next release (GCRA), nanoseconds.
    public private(set) var tat: Int64 = .min
    private var emission: Int64 = 0
    private var tolerance: Int64 = 0
    /// No release before this instant (a `Remaining-Req: sec=0` or a 429 hold).
    public private(set) var holdUntil: Int64 = .min
    /// The `reportBy` bounds of leased releases not yet reported, ascending.
    private(set) var leases: Deque<Int64> = []

    /// A scheduler for `windows` with `marginNanos` of safety after each release that is not leased.
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
            windows[i].length = Nanos.from(seconds: published.seconds * stretch)
        }
        emission = windows[primary].length / Int64(windows[primary].allowed)
        tolerance = emission * Int64(windows[primary].allowed - 1)
    }

    /// The earliest instant at or after `now` when one more release keeps every window safe.
    public func earliestRelease(now: Int64) -> Int64 {
        var at = max(now, holdUntil)
        if tat != .min { at = max(at, tat - tolerance) }
        for window in windows {
            if let settle = latestSettle(window.allowed, in: window.log) { at = max(at, settle + window.length) }
        }
        return at
    }

    /// The `k`-th latest settle instant among `log` and the open leases' bounds, if there are `k`.
    private func latestSettle(_ k: Int, in log: Deque<Int64>) -> Int64? {
        guard log.count + leases.count >= k else { return nil }
        guard !leases.isEmpty else { return log[log.count - k] }
        var (i, j) = (log.count - 1, leases.count - 1)
        for _ in 1..<k {
            if j < 0 || (i >= 0 && log[i] >= leases[j]) { i -= 1 } else { j -= 1 }
        }
        if j < 0 { return log[i] }
        return i >= 0 ? max(log[i], leases[j]) : leases[j]
    }

    /// Records a release at `now` and advances the TAT. A leased release (`reportBy` given)
    /// stays open until ``settleLease(reportBy:at:)``; any other settles at `now + margin`.
    public mutating func recordRelease(at now: Int64, reportBy: Int64? = nil) {
        tat = max(tat, now) + emission
        if let reportBy {
            leases.insert(reportBy, at: leases.lastIndex { $0 <= reportBy }.map { $0 + 1 } ?? 0)
        } else {
            for i in windows.indices { settle(now + marginNanos, in: i, now: now) }
        }
    }

    /// Closes the lease with bound `reportBy`: its answer came at `now`, so the server
    /// counted it by then. Returns whether a release may now come earlier than before.
    @discardableResult
    public mutating func settleLease(reportBy: Int64, at now: Int64) -> Bool {
        let before = earliestRelease(now: now)
        // A lease already expired (reported past its bound) settles again at `now`: safe, rare.
        if let index = leases.firstIndex(of: reportBy) { leases.remove(at: index) }
        for i in windows.indices { settle(now, in: i, now: now) }
        return earliestRelease(now: now) < before
    }

    /// Settles every lease whose bound has passed at its bound.
    public mutating func expireLeases(now: Int64) {
        while let bound = leases.first, bound <= now {
            leases.removeFirst()
            for i in windows.indices { settle(bound, in: i, now: now) }
        }
    }

    private mutating func settle(_ instant: Int64, in i: Int, now: Int64) {
        let index = windows[i].log.lastIndex { $0 <= instant }.map { $0 + 1 } ?? 0
        windows[i].log.insert(instant, at: index)
        // Only the latest `published` settles, and none already a window old, can ever matter.
        let horizon = now - windows[i].length
        while windows[i].log.count > windows[i].published.limit || (windows[i].log.first.map { $0 < horizon } ?? false) {
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
    /// When the server has seen more requests than we account for (settled in its window,
    /// plus open leases) — other processes share the budget, or our clock runs ahead of its
    /// window — the difference is recorded as phantom releases settled at `now`; `sec=0`
    /// therefore holds the group until a full window has passed.
    /// Returns the number of phantom releases added.
    @discardableResult
    public mutating func absorbServerRemaining(_ remaining: Int, now: Int64) -> Int {
        let published = windows[primary].published
        let serverUsed = published.limit - max(0, min(remaining, published.limit))
        let since = now - Nanos.from(seconds: published.seconds)
        let ourUsed = windows[primary].log.reversed().prefix { $0 > since }.count + leases.count
        let missing = serverUsed - ourUsed
        guard missing > 0 else { return 0 }
        for _ in 0..<missing { settle(now, in: primary, now: now) }
        return missing
    }

    /// A scheduler for new `windows` that keeps this one's pace, settles, leases and hold.
    public func reconfigured(windows newWindows: [LimitWindow]) -> WindowScheduler {
        var next = WindowScheduler(windows: newWindows, marginNanos: marginNanos)
        next.applyRatio(ratio)
        let longest = windows.max { $0.log.count < $1.log.count }?.log ?? []
        // Settles lie at most one margin ahead of the present: prune as of that present.
        let now = (longest.last ?? 0) - marginNanos
        for instant in longest {
            for i in next.windows.indices { next.settle(instant, in: i, now: now) }
        }
        next.leases = leases
        next.tat = tat
        next.holdUntil = holdUntil
        return next
    }

    /// The primary (shortest) window as published.
    public var primaryWindow: LimitWindow { windows[primary].published }

    /// The length of the primary (shortest) window in force plus the margin, nanoseconds.
    public var primaryLength: Int64 { windows[primary].length + marginNanos }

    /// Releases allowed now in the primary window, and releases the server may count in its
    /// current window at `now` (settled within the window, plus open leases).
    public func primaryUsage(now: Int64) -> (allowed: Int, used: Int) {
        let window = windows[primary]
        let since = now - window.length
        return (window.allowed, window.log.reversed().prefix { $0 > since }.count + leases.count)
    }
}
