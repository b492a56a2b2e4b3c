/// The group limiters by name: a linear scan of a dozen short names beats hashing a
/// `String` on the acquire hot path.
struct GroupDirectory: Sendable {
    private let entries: [(name: GroupID, limiter: GroupLimiter)]

    init(_ entries: [(GroupID, GroupLimiter)]) { self.entries = entries.map { (name: $0.0, limiter: $0.1) } }

    subscript(name: GroupID) -> GroupLimiter? {
        for entry in entries where entry.name == name { return entry.limiter }
        return nil
    }
}
