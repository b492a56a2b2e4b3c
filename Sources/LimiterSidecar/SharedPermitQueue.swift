import DequeModule
import Synchronization
import UpbitRateLimit

/// The shared-store permits a sidecar granted for bots that report without a permit id:
/// per group, oldest first. A report for the group settles the oldest open one (the
/// margin-mode contract: report each request once). At most `capacity` are kept; those past
/// their bound are dropped (their store rows stop counting by themselves).
final class SharedPermitQueue: Sendable {
    private let open = Mutex<[GroupID: Deque<SharedPermit>]>([:])
    /// The most permits kept across groups.
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Keeps `permit` until its report; false when full (the caller releases it).
    func push(_ permit: SharedPermit, now: Int64) -> Bool {
        open.withLock { groups in
            drop(before: now, in: &groups)
            guard groups.values.reduce(0, { $0 + $1.count }) < capacity else { return false }
            groups[permit.group, default: []].append(permit)
            return true
        }
    }

    /// The oldest open permit of `group`, removed.
    func pop(_ group: GroupID, now: Int64) -> SharedPermit? {
        open.withLock { groups in
            drop(before: now, in: &groups)
            return groups[group]?.popFirst()
        }
    }

    private func drop(before now: Int64, in groups: inout [GroupID: Deque<SharedPermit>]) {
        for group in groups.keys {
            while let first = groups[group]?.first, (first.reportBy ?? .max) < now { groups[group]?.removeFirst() }
        }
    }
}
