import DequeModule

/// The window-safe release rule of one group: a pure value, no locks, no clock.
///
/// Two rules combine (DESIGN.md §1):
/// - a GCRA pacer: theoretical arrival time `tat`, emission interval `T = W/n`, burst
///   tolerance `(n-1)·T`, so an idle group grants its full burst of `n` at once;
/// - one log of *settle instants* shared by every window — the latest instant the server can
///   count each release: for a window of `n` per `W`, the `n`-th latest `x` forbids another
///   release before `x + W`, so **at most `n` requests reach the server in any interval of
///   length `W`**, for every window, including windows added or lengthened by a reload.
///
/// A release settles at `release + margin` (the margin absorbs scheduling and network jitter),
/// or, for a *leased* release, when its answer is reported: the server counted the request
/// before it answered, so no margin is needed. Until then a lease counts at its `reportBy`
/// bound (the caller answers or abandons the request by then); see ``closeLease(_:at:)``.
///
/// The log keeps every settle of the last ``retention`` and at least the latest `N` (the
/// largest published limit), so a reload that lengthens a window, raises a limit or adds a
/// window still sees every release that counts in it. What was dropped is summarised by
/// ``forgottenThrough``: a window reaching back past it treats the forgotten releases as
/// full (conservative), see docs/ARCHITECTURE.md.
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
    }

    /// An open lease: its `reportBy` bound and its identity.
    struct Lease: Sendable {
        let bound: Int64
        let id: UInt64
    }

    /// The least history kept, whatever the windows: reloads that lengthen a window up to
    /// this length lose nothing.
    public static let retentionFloor: Int64 = 60_000_000_000

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
    /// Settle instants of past releases (and phantom releases), ascending; every window reads it.
    private(set) var log: Deque<Int64> = []
    /// The latest settle instant dropped from ``log`` (`.min`: none dropped yet).
    public private(set) var forgottenThrough: Int64 = .min
    /// How long settles are kept at least: the longest published window, at least ``retentionFloor``.
    public private(set) var retention: Int64
    /// How many settles are kept at least, however old: the largest published limit.
    private var keepCount: Int
    /// Leased releases not yet reported, ascending by bound.
    private(set) var leases: Deque<Lease> = []
    private var lastLeaseID: UInt64 = 0

    /// A scheduler for `windows` with `marginNanos` of safety after each release that is not leased.
    public init(windows: [LimitWindow], marginNanos: Int64) {
        precondition(!windows.isEmpty, "a group needs at least one window")
        self.windows = windows.map { Window(published: $0, allowed: $0.limit, length: 0) }
        primary = windows.indices.min { windows[$0].seconds < windows[$1].seconds }!
        self.marginNanos = max(0, marginNanos)
        retention = max(Self.retentionFloor, windows.map { Nanos.from(seconds: $0.seconds) }.max()!)
        keepCount = windows.map(\.limit).max()!
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
            windows[i].length = max(1, Nanos.from(seconds: published.seconds * stretch))
        }
        emission = windows[primary].length / Int64(windows[primary].allowed)
        tolerance = emission.multipliedSaturating(by: Int64(windows[primary].allowed - 1))
    }

    /// The earliest instant at or after `now` when one more release keeps every window safe.
    public func earliestRelease(now: Int64) -> Int64 {
        var at = max(now, holdUntil)
        if tat != .min { at = max(at, tat.subtractingSaturating(tolerance)) }
        for window in windows {
            // The `allowed`-th latest settle; releases forgotten from the log settled no later
            // than `forgottenThrough`, so that bounds the true one from above when the log is short.
            let settle = max(latestSettle(window.allowed) ?? .min, forgottenThrough)
            if settle != .min { at = max(at, settle.addingSaturating(window.length)) }
        }
        return at
    }

    /// The `k`-th latest settle instant among the log and the open leases' bounds, if there are `k`.
    ///
    /// Both lists ascend: taking the `m` latest leases and the `k − m` latest settles, the `k`-th
    /// latest overall is the latest of `min(log's (k−m)-th latest, leases' m-th latest)` over every
    /// split `m` — O(min(k, leases)) steps, not O(k) (a window may allow up to a million).
    func latestSettle(_ k: Int) -> Int64? {
        let (n, l) = (log.count, leases.count)
        guard k > 0, n + l >= k else { return nil }
        var latest = Int64.min
        for m in max(0, k - n)...min(k, l) {
            let fromLog = m == k ? Int64.max : log[n - (k - m)]
            let fromLeases = m == 0 ? Int64.max : leases[l - m].bound
            latest = max(latest, min(fromLog, fromLeases))
        }
        return latest
    }

    /// Records a release at `now` and advances the TAT. A leased release (`reportBy` given)
    /// stays open until it is closed or expires; any other settles at `now + margin`.
    /// Returns the lease's identity for a leased release.
    @discardableResult
    public mutating func recordRelease(at now: Int64, reportBy: Int64? = nil) -> UInt64? {
        tat = max(tat, now).addingSaturating(emission)
        guard let reportBy else {
            settle(now.addingSaturating(marginNanos), now: now)
            return nil
        }
        lastLeaseID &+= 1
        let lease = Lease(bound: max(now, reportBy), id: lastLeaseID)
        leases.insert(lease, at: leases.lastIndex { $0.bound <= lease.bound }.map { $0 + 1 } ?? 0)
        return lease.id
    }

    /// Closes lease `id` (bound `reportBy`), reported at `now`: its answer came at `answeredAt`
    /// (nil: `now`; never later than `now`), so the server counted the request by then and its slot
    /// settles there — a report that travels (a bot on a loaded host, the sidecar's HTTP) costs
    /// no window time. A lease already expired settles again at its answer when that is past its
    /// bound (the request may have arrived after it); one already closed changes nothing.
    /// Returns whether a release may now come earlier than before.
    @discardableResult
    public mutating func closeLease(_ id: UInt64, reportBy: Int64, answeredAt: Int64? = nil, at now: Int64) -> Bool {
        let before = earliestRelease(now: now)
        let answered = min(now, answeredAt ?? now)
        if let index = leases.firstIndex(where: { $0.id == id }) {
            leases.remove(at: index)
            settle(answered, now: now)
        } else if answered > reportBy {
            settle(answered, now: now)
        }
        return earliestRelease(now: now) < before
    }

    /// Frees lease `id` at once: its request was never sent, so the server never counts it.
    /// Returns whether a release may now come earlier than before.
    @discardableResult
    public mutating func releaseUnsent(_ id: UInt64, now: Int64) -> Bool {
        guard let index = leases.firstIndex(where: { $0.id == id }) else { return false }
        let before = earliestRelease(now: now)
        leases.remove(at: index)
        // The pace it took is given back too (the log alone proves the window).
        tat = tat.subtractingSaturating(emission)
        return earliestRelease(now: now) < before
    }

    /// Settles every lease whose bound has passed at its bound.
    public mutating func expireLeases(now: Int64) {
        while let lease = leases.first, lease.bound <= now {
            leases.removeFirst()
            settle(lease.bound, now: now)
        }
    }

    /// Inserts a settle instant in order, then drops what no window can need any more: settles
    /// older than ``retention`` beyond the latest ``keepCount``.
    private mutating func settle(_ instant: Int64, now: Int64) {
        log.insert(instant, at: log.lastIndex { $0 <= instant }.map { $0 + 1 } ?? 0)
        let horizon = now.subtractingSaturating(retention)
        while log.count > keepCount, let oldest = log.first, oldest < horizon {
            forgottenThrough = max(forgottenThrough, oldest)
            log.removeFirst()
        }
    }

    /// Forbids releases before `instant` (holds only ever extend).
    public mutating func hold(until instant: Int64) {
        holdUntil = max(holdUntil, instant)
    }

    /// Lifts any hold (operator reset).
    public mutating func clearHold() { holdUntil = .min }

    /// Aligns the log with the server's count from `Remaining-Req: sec=`, stated in the answer
    /// that came at `answeredAt` (nil: `now`; never later than `now`) to the request released at
    /// `sentAfter` (nil: unknown).
    ///
    /// The server counted the requests that reached it in the primary window ending when it
    /// handled this one — some instant after the release and before the answer. Each of ours among
    /// them settles after that window's earliest possible start (a settle is never before the
    /// arrival) or is still open. When the server counted more than that — other processes share
    /// the budget, or our clock runs ahead of its window — the difference is recorded as phantom
    /// releases settled at the answer. They count in every window (the server counts each request
    /// in all of them), so `sec=0` holds the group until a full window has passed. Counting from
    /// the release, else the answer, rather than the report matters when time passes between them
    /// (a report's trip, a loaded bot that notes its answer late): settles that left the window
    /// meanwhile would otherwise come back as phantoms. The price: foreign requests hidden behind our
    /// own settles between the release and the answer (a window back) go unseen for that answer — the
    /// next answers, with fresher releases, see them. Returns the phantoms added.
    @discardableResult
    public mutating func absorbServerRemaining(_ remaining: Int, sentAfter: Int64? = nil, answeredAt: Int64? = nil,
                                               now: Int64) -> Int {
        let published = windows[primary].published
        let serverUsed = published.limit - max(0, min(remaining, published.limit))
        let answered = min(now, answeredAt ?? now)
        let handledFrom = min(answered, sentAfter ?? answered)
        let since = handledFrom.subtractingSaturating(Nanos.from(seconds: published.seconds))
        let ourUsed = log.reversed().prefix { $0 > since }.count + leases.count
        let missing = serverUsed - ourUsed
        guard missing > 0 else { return 0 }
        for _ in 0..<missing { settle(answered, now: now) }
        return missing
    }

    /// A scheduler for new `windows` that keeps this one's pace, ratio, log, leases and hold.
    ///
    /// Every window, old or new, reads the one log, so a longer window, a higher limit or an
    /// added window counts every release still in the log (at least ``retentionFloor`` of
    /// history); one reaching back further treats what was forgotten as full.
    public func reconfigured(windows newWindows: [LimitWindow]) -> WindowScheduler {
        var next = WindowScheduler(windows: newWindows, marginNanos: marginNanos)
        next.applyRatio(ratio)
        next.log = log
        next.forgottenThrough = forgottenThrough
        next.leases = leases
        next.lastLeaseID = lastLeaseID
        next.tat = tat
        next.holdUntil = holdUntil
        return next
    }

    /// The published windows, in table order.
    public var publishedWindows: [LimitWindow] { windows.map(\.published) }

    /// The primary (shortest) window as published.
    public var primaryWindow: LimitWindow { windows[primary].published }

    /// The length of the primary (shortest) window in force plus the margin, nanoseconds.
    public var primaryLength: Int64 { windows[primary].length.addingSaturating(marginNanos) }

    /// Releases allowed now in the primary window, and releases the server may count in its
    /// current window at `now` (settled within the window, plus open leases).
    public func primaryUsage(now: Int64) -> (allowed: Int, used: Int) {
        let window = windows[primary]
        let since = now.subtractingSaturating(window.length)
        return (window.allowed, log.reversed().prefix { $0 > since }.count + leases.count)
    }
}
