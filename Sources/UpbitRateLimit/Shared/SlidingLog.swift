/// The store's algorithm for one (account, group), as a pure value: one entry per permit
/// with its settle instant (nanoseconds on the store's clock).
///
/// An entry counts in a window of length `W` while `settle ≥ now − W`. A new permit is
/// admitted only when every window holds fewer than its limit, and is written at its lease
/// bound (`now + lease`); a report moves it back to the report's instant. The PostgreSQL
/// store runs the same steps in SQL (`LimiterSharedStore/Schema.swift`).
///
/// Why this is strict: the exchange sees a request between its admission and its settle
/// instant; a later permit is admitted only once that settle instant is a whole window old.
struct SlidingLog: Sendable {
    /// Permit id → settle instant.
    private(set) var settles: [String: Int64] = [:]
    /// Until when the group is held (a 429/418 reported by some host).
    var heldUntil: Int64 = .min

    /// Entries kept (some window may still count them).
    var count: Int { settles.count }

    /// Entries a window of `length` counts at `now`.
    func counted(now: Int64, length: Int64) -> Int { settles.values.count { $0 >= now - length } }

    /// Admits `permitID` (settle at `now + lease`) or returns the nanoseconds to wait.
    mutating func acquire(permitID: String, windows: [(limit: Int, length: Int64)], lease: Int64,
                          now: Int64) -> Int64? {
        let longest = windows.map(\.length).max() ?? 0
        settles = settles.filter { $0.value >= now - longest }
        if settles[permitID] != nil { return nil }
        if heldUntil > now { return heldUntil - now }
        var wait: Int64 = 0
        for window in windows {
            guard window.limit > 0 else { wait = max(wait, window.length); continue }
            let counted = settles.values.filter { $0 >= now - window.length }.sorted()
            guard counted.count >= window.limit else { continue }
            // The entry whose leaving makes room: the (count − limit + 1)-th oldest.
            let leaving = counted[counted.count - window.limit]
            wait = max(wait, min(leaving, Int64.max / 2) + window.length - now + 1)
        }
        if wait > 0 { return wait }
        settles[permitID] = now.addingReportingOverflow(lease).overflow ? .max : now + lease
        return nil
    }

    /// The permit's answer came at `now`: it settles then (never later than its lease bound).
    mutating func report(permitID: String, now: Int64) {
        if let settle = settles[permitID] { settles[permitID] = min(settle, now) }
    }

    /// The permit was never sent.
    mutating func release(permitID: String) {
        settles[permitID] = nil
    }
}
