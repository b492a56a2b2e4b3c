import DequeModule
import HeapModule
import Synchronization
import UpbitRateLimit

/// The leased permits handed out over HTTP, by opaque id, until reported or released.
///
/// Each id is closed at most once: a second report or release answers 409 and never touches another
/// permit's lease. An entry is kept until `retention` past its lease bound (`reportBy`), so that a late
/// report is told "expired" (its feedback still counts) and a double one "already closed"; after that the
/// id is unknown (404). At most `capacity` entries are kept: when full, the longest-closed ids are
/// forgotten first (they only serve that 409), and a grant is refused only when `capacity` are open.
final class SidecarPermits: Sendable {
    /// A lease as the acquire answer states it.
    struct Lease: Sendable {
        /// The opaque permit id.
        var id: String
        /// The lease bound: seconds from the grant by which the answer must be reported.
        var seconds: Double
    }

    /// What the limiter needs to settle a permit.
    struct Entry: Sendable {
        var permit: Permit
        /// The permit's row in the shared store (`serve --shared`), settled by its report.
        var shared: SharedPermit? = nil
        /// The lease bound: the local permit's, or the store row's when that is earlier.
        var reportBy: Int64 = .max
    }

    /// A permit taken out of the registry by a report or release.
    enum Closing {
        /// Closed before its bound: its lease settles now.
        case live(Entry)
        /// Past its bound: its slot has already stopped counting; only its feedback can still be applied.
        case expired(Entry)
    }

    private struct Record {
        var entry: Entry
        var closed = false
    }

    /// When an id may be forgotten (its bound plus the retention), ordered for the heap.
    private struct Drop: Comparable {
        var at: Int64
        var id: String
        static func < (a: Drop, b: Drop) -> Bool { a.at < b.at }
    }

    private struct State {
        var records: [String: Record] = [:]
        var drops = Heap<Drop>()
        /// Closed ids, oldest close first (some may be forgotten already).
        var closed = Deque<String>()
        var sequence: UInt64 = 0
    }

    /// The most entries kept (open, closed and expired alike).
    let capacity: Int
    /// How long past its bound an id is remembered, nanoseconds.
    let retentionNanos: Int64
    private let state = Mutex(State())

    /// A registry of at most `capacity` ids, each remembered `retention` past its bound.
    init(capacity: Int = 100_000, retention: Duration = .seconds(30)) {
        self.capacity = max(1, capacity)
        retentionNanos = retention.nanoseconds
    }

    /// Entries kept now (open, closed or expired, not yet forgotten).
    var count: Int { state.withLock { $0.records.count } }

    /// The entry of `id` while it is remembered (open, closed or expired).
    func entry(_ id: String) -> Entry? { state.withLock { $0.records[id]?.entry } }

    /// Registers the leased `permit` (with its shared-store row, if any); nil when the registry is full.
    func open(_ permit: Permit, shared: SharedPermit? = nil, now: Int64) -> Lease? {
        guard let local = permit.reportBy else { return nil }
        let reportBy = min(local, shared?.reportBy ?? .max)
        let random = UInt64.random(in: .min ... .max)
        let id: String? = state.withLock { state in
            forget(before: now, in: &state)
            makeRoom(in: &state)
            guard state.records.count < capacity else { return nil }
            state.sequence += 1
            let id = String(state.sequence, radix: 36) + "-" + String(random, radix: 36)
            state.records[id] = Record(entry: Entry(permit: permit, shared: shared, reportBy: reportBy))
            state.drops.insert(Drop(at: reportBy &+ retentionNanos, id: id))
            return id
        }
        return id.map { Lease(id: $0, seconds: Double(reportBy - permit.releasedAt) / 1e9) }
    }

    /// Closes `id` at `now`: live before its bound, expired after it.
    ///
    /// Throws 404 `permit: unknown` for an id never issued or already forgotten, 409 `permit: already closed`
    /// for one reported or released before.
    func close(_ id: String, now: Int64) throws(SidecarRequestError) -> Closing {
        let record = state.withLock { state -> Record? in
            forget(before: now, in: &state)
            guard let record = state.records[id] else { return nil }
            if !record.closed {
                state.records[id]?.closed = true
                state.closed.append(id)
            }
            return record
        }
        guard let record else { throw SidecarRequestError(status: .notFound, "permit: unknown '\(id.prefix(64))'") }
        guard !record.closed else { throw SidecarRequestError(status: .conflict, "permit: already closed") }
        if now > record.entry.reportBy { return .expired(record.entry) }
        return .live(record.entry)
    }

    /// Forgets the ids whose bound plus retention has passed.
    private func forget(before now: Int64, in state: inout State) {
        while let first = state.drops.min, first.at < now {
            state.drops.removeMin()
            state.records.removeValue(forKey: first.id)
        }
    }

    /// When full, forgets closed ids, longest closed first; keeps the heap and the closed list within
    /// twice the capacity (they may name ids already forgotten: rebuilt from the records when too long).
    private func makeRoom(in state: inout State) {
        while state.records.count >= capacity, let id = state.closed.popFirst() {
            if state.records[id]?.closed == true { state.records.removeValue(forKey: id) }
        }
        if state.drops.count > 2 * capacity {
            state.drops = Heap(state.records.map { Drop(at: $0.value.entry.reportBy &+ retentionNanos, id: $0.key) })
        }
        if state.closed.count > 2 * capacity {
            state.closed = Deque(state.closed.filter { state.records[$0]?.closed == true })
        }
    }
}
