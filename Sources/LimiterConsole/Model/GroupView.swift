import UpbitRateLimit

/// How the group table is filtered and sorted, and which screen shows: the table or the
/// selected group's detail.
public struct GroupView: Hashable, Sendable {
    /// A column the table sorts by, largest first (`s` cycles through them).
    public enum Sort: String, Hashable, Sendable, CaseIterable {
        /// The table's own order.
        case table
        case queue, wait, utilization, errors429 = "429"

        /// The next in the cycle.
        var next: Sort {
            let all = Self.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    /// Which events the events list shows, by how loud they are (`l` cycles).
    public enum EventLevel: String, Hashable, Sendable, CaseIterable {
        case all, warn, critical

        var next: EventLevel {
            let all = Self.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    /// Groups whose name contains this (case-insensitive); empty: all.
    public var filter = ""
    /// Hide groups with an empty queue and nothing used in the window.
    public var hideIdle = false
    /// The sort column.
    public var sort = Sort.table
    /// Whether the selected group's detail replaces the table.
    public var detail = false
    /// The events list's level filter.
    public var eventLevel = EventLevel.all
    /// Only the selected group's events in the events list.
    public var eventsOfSelection = false

    /// The longest filter accepted.
    public static let filterLimit = 32

    /// A view of every group in table order.
    public init() {}

    /// The groups of `frame` to list, filtered and sorted.
    public func groups(of frame: StatusFrame?) -> [GroupStatus] {
        var groups = (frame?.groups ?? []).filter { group in
            (filter.isEmpty || group.name.rawValue.localizedCaseInsensitiveContains(filter))
                && !(hideIdle && group.queueDepth == 0 && group.utilization == 0)
        }
        guard sort != .table else { return groups }
        let key: (GroupStatus) -> Double = switch sort {
        case .table: { _ in 0 }
        case .queue: { Double($0.queueDepth) }
        case .wait: { $0.waitMs.p95 }
        case .utilization: { $0.utilization }
        case .errors429: { Double($0.errors429Total) }
        }
        groups = groups.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka > kb : a.offset < b.offset
        }.map(\.element)
        return groups
    }

    /// Whether `event` passes the events list's filters, with `selected` the selected group.
    public func shows(_ event: LimiterEvent, selected: GroupID?) -> Bool {
        if eventsOfSelection, event.group != selected { return false }
        switch eventLevel {
        case .all: return true
        case .warn: return [.warn, .critical].contains(Panel.role(ofEvent: event.kind))
        case .critical: return Panel.role(ofEvent: event.kind) == .critical
        }
    }

    /// `sort 429 · filter "tick" · idle hidden`: what the table header says about the view.
    public var summary: String {
        var parts: [String] = []
        if sort != .table { parts.append("sort \(sort.rawValue)") }
        if !filter.isEmpty { parts.append("filter \"\(filter)\"") }
        if hideIdle { parts.append("idle hidden") }
        return parts.joined(separator: " · ")
    }
}
