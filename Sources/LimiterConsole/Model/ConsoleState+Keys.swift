import UpbitRateLimit

extension ConsoleState {
    /// Handles a key at monotonic time `now`; returns what the host must do.
    public mutating func press(_ key: Key, now: Double) -> [ConsoleEffect] {
        switch overlay {
        case .help:
            if key == .character("q") || key == .function(10) { return [.quit] }
            overlay = nil
            return []
        case .emergency(let choice): return pressInEmergencyDialog(key, choice: choice)
        case .resetRecovery(let group, let all): return pressInResetDialog(key, group: group, allGroups: all)
        case .jump(let text): return pressInJumpPrompt(key, text: text, now: now)
        case .filter(let text): return pressInFilterPrompt(key, text: text)
        case nil: break
        }
        if replay != nil, let command = replayCommand(for: key) {
            if case .jump = command {
                overlay = .jump(text: "")
                return []
            }
            return [.replay(command)]
        }
        if let effects = pressInView(key, now: now) { return effects }
        switch key {
        case .character("q"), .function(10): return [.quit]
        case .character("?"), .character("h"), .function(1): overlay = .help
        case .up, .character("k"): moveSelection(by: -1)
        case .down, .character("j"): moveSelection(by: 1)
        case .pageUp: moveSelection(by: -5)
        case .pageDown: moveSelection(by: 5)
        case .home, .character("g"): selection = 0
        case .end, .character("G"): moveSelection(by: Int.max / 2)
        case .character(" "), .character("p"), .function(5):
            setFrozen(!frozen)
            say(frozen ? "display frozen (the limiter keeps going); p or space resumes" : "display resumed",
                role: frozen ? .warn : .ok, now: now)
        case .character("t"), .character("c"), .function(9): return [.nextTheme]
        case .character("e"), .function(7):
            if refuseControl(key, now: now) { break }
            overlay = .emergency(choice: Overlay.defaultEmergencyChoice)
        case .character("E"), .function(8):
            if refuseControl(key, now: now) { break }
            return [.setEmergency(enabled: false, duration: nil)]
        case .character("r"), .function(6):
            if refuseControl(key, now: now) { break }
            guard let group = selectedGroup else {
                say("no group to reset yet", role: .warn, now: now)
                break
            }
            overlay = .resetRecovery(group: group, allGroups: false)
        case .escape, .resize: break
        default: say("unknown key \(key): press ? for help", role: .dim, now: now)
        }
        return []
    }

    /// True (and says why) when control keys are disabled.
    mutating func refuseControl(_ key: Key, now: Double) -> Bool {
        guard let readOnlyReason else { return false }
        say("\(key): disabled, \(readOnlyReason)", role: .warn, now: now)
        return true
    }

    mutating func moveSelection(by delta: Int) {
        let count = visibleGroups.count
        selection = max(0, min(count - 1, selection + delta))
    }

    mutating func pressInEmergencyDialog(_ key: Key, choice: Int) -> [ConsoleEffect] {
        let last = Overlay.emergencyDurations.count - 1
        switch key {
        case .left, .character("-"), .character("h"): overlay = .emergency(choice: max(0, choice - 1))
        case .right, .character("+"), .character("l"), .tab: overlay = .emergency(choice: min(last, choice + 1))
        case .enter, .character("y"):
            overlay = nil
            return [.setEmergency(enabled: true, duration: .seconds(Overlay.emergencyDurations[choice]))]
        case .escape, .character("n"), .character("q"): overlay = nil
        default: break
        }
        return []
    }

    mutating func pressInResetDialog(_ key: Key, group: GroupID, allGroups: Bool) -> [ConsoleEffect] {
        switch key {
        case .left, .right, .tab, .character("a"), .character("s"):
            overlay = .resetRecovery(group: group, allGroups: key == .character("a") ? true
                                     : key == .character("s") ? false : !allGroups)
        case .enter, .character("y"):
            overlay = nil
            return [.resetRecovery(allGroups ? nil : group)]
        case .escape, .character("n"), .character("q"): overlay = nil
        default: break
        }
        return []
    }
}
