import UpbitRateLimit

extension ConsoleState {
    /// The groups listed, after the view's filter and sort; ``selection`` indexes them.
    public var visibleGroups: [GroupStatus] { view.groups(of: frame) }

    /// The events the events list shows, oldest first.
    public var visibleEvents: [LimiterEvent] {
        let selected = selectedGroup
        return log.events.filter { view.shows($0, selected: selected) }
    }

    /// Keeps `group` selected after the list changed (a new frame, a new sort or filter).
    mutating func reselect(_ group: GroupID?) {
        let groups = visibleGroups
        if let group, let index = groups.firstIndex(where: { $0.name == group }) {
            selection = index
        } else {
            selection = max(0, min(selection, groups.count - 1))
        }
        if groups.isEmpty { view.detail = false }
    }

    /// The view keys (detail, filter, sort, idle, event filters); nil when `key` is not one.
    mutating func pressInView(_ key: Key, now: Double) -> [ConsoleEffect]? {
        let selected = selectedGroup
        switch key {
        case .enter:
            guard selected != nil else {
                say("no group selected", role: .warn, now: now)
                return []
            }
            view.detail = true
        case .escape where view.detail, .backspace where view.detail:
            view.detail = false
        case .character("/"):
            overlay = .filter(text: view.filter)
        case .character("i"):
            view.hideIdle.toggle()
            say(view.hideIdle ? "idle groups hidden (i shows them)" : "idle groups shown", role: .ok, now: now)
        case .character("s"):
            view.sort = view.sort.next
            say(view.sort == .table ? "table order" : "sorted by \(view.sort.rawValue), largest first", role: .ok,
                now: now)
        case .character("l"):
            view.eventLevel = view.eventLevel.next
            say("events: \(view.eventLevel == .all ? "all levels" : "\(view.eventLevel.rawValue) and above")",
                role: .ok, now: now)
        case .character("f"):
            view.eventsOfSelection.toggle()
            say(view.eventsOfSelection ? "events of \(selected?.rawValue ?? "the selected group") only"
                : "events of all groups", role: .ok, now: now)
        default:
            return nil
        }
        reselect(selected)
        return []
    }

    /// Typing in the `/` prompt: the filter applies as it is typed; Enter keeps it, Esc clears it.
    mutating func pressInFilterPrompt(_ key: Key, text: String) -> [ConsoleEffect] {
        let selected = selectedGroup
        switch key {
        case .enter:
            overlay = nil
        case .escape:
            overlay = nil
            view.filter = ""
        case .backspace:
            view.filter = String(text.dropLast())
            overlay = .filter(text: view.filter)
        case .character(let c) where text.count < GroupView.filterLimit && c.isASCII && !c.isWhitespace
            && (c.isLetter || c.isNumber || "-_.".contains(c)):
            view.filter = text + String(c)
            overlay = .filter(text: view.filter)
        default:
            break
        }
        reselect(selected)
        return []
    }
}
