extension Panel {
    /// Lines of the help overlay: key, what it does.
    static func helpLines(replay: Bool, glyphs: Glyphs) -> [(String, String)] {
        let common: [(String, String)] = [
            ("? h F1", "this help (any key closes it)"),
            ("\(glyphs.upDown) j k", "select a group (PgUp PgDn g G)"),
            ("t c F9", "next colour theme"),
            ("Enter Esc", "open the selected group's detail / back"),
            ("/ i s", "filter groups by name, hide idle, sort"),
            ("l f", "events: by level, of the selected group only"),
            ("q F10", "quit"),
        ]
        let live: [(String, String)] = [
            ("e F7", "emergency mode on: pick a duration, confirm"),
            ("E F8", "emergency mode off"),
            ("r F6", "reset recovery: selected group or all, confirm"),
            ("space p F5", "freeze the display (the limiter keeps going)"),
        ]
        let replayKeys: [(String, String)] = [
            ("space z", "pause / resume"),
            ("+ -", "speed x2 / x0.5 (0.25x to 64x)"),
            ("t T", "one frame forward / back"),
            ("\(glyphs.leftRight)", "10 seconds back / forward"),
            ("b", "jump to hh:mm[:ss], +5m, -30s"),
            ("n N", "next / previous mark"),
            ("r Z", "rewind / go to the end"),
            ("c F9", "next colour theme"),
        ]
        return replay ? replayKeys + common.filter { $0.0 != "t c F9" } : live + common
    }

    /// The help overlay.
    static func help(_ canvas: inout Canvas, state: ConsoleState, size: TerminalSize, glyphs: Glyphs) {
        let lines = helpLines(replay: state.replay != nil, glyphs: glyphs)
        let rect = centered(width: 66, height: lines.count + 6, in: size)
        box(&canvas, rect, title: "Help: keys", role: .dialog, glyphs: glyphs)
        for (row, (key, text)) in lines.enumerated() {
            canvas.put(key, x: rect.x + 2, y: rect.y + 2 + row, role: .accent, width: 12)
            canvas.put(text, x: rect.x + 15, y: rect.y + 2 + row, role: .dialog, width: rect.width - 17)
        }
        let status = "theme \(state.themeName)" + (state.readOnlyReason.map { "  \(glyphs.vertical)  \($0)" } ?? "")
        canvas.put(status, x: rect.x + 2, y: rect.maxY - 2, role: .dim, width: rect.width - 4)
    }

    /// The emergency confirm dialog, with the duration choices.
    static func emergencyDialog(_ canvas: inout Canvas, choice: Int, size: TerminalSize, glyphs: Glyphs) {
        let rect = centered(width: 60, height: 9, in: size)
        box(&canvas, rect, title: "Emergency mode", role: .dialog, glyphs: glyphs)
        canvas.put("Switch emergency mode on? Every group slows down to", x: rect.x + 2, y: rect.y + 2, role: .dialog)
        canvas.put("the emergency share of its rate until it ends.", x: rect.x + 2, y: rect.y + 3, role: .dialog)
        var x = canvas.put("Duration:", x: rect.x + 2, y: rect.y + 5, role: .dialog) + 1
        for (index, seconds) in Overlay.emergencyDurations.enumerated() {
            let label = seconds < 3600 ? " \(seconds / 60)m " : " \(seconds / 3600)h "
            x = canvas.put(label, x: x, y: rect.y + 5, role: index == choice ? .selection : .dialog) + 1
        }
        canvas.put(glyphs.leftRight, x: x + 1, y: rect.y + 5, role: .dim)
        confirmLine(&canvas, rect)
    }

    /// The reset-recovery confirm dialog: the selected group or all groups.
    static func resetDialog(_ canvas: inout Canvas, group: String, allGroups: Bool, size: TerminalSize,
                            glyphs: Glyphs) {
        let rect = centered(width: 60, height: 9, in: size)
        box(&canvas, rect, title: "Reset recovery", role: .dialog, glyphs: glyphs)
        canvas.put("Put back to 100% rate, with no 429 streak, hold or block:", x: rect.x + 2, y: rect.y + 2,
                   role: .dialog)
        var x = canvas.put("Reset:", x: rect.x + 2, y: rect.y + 4, role: .dialog) + 1
        x = canvas.put(" group \(group) ", x: x, y: rect.y + 4, role: allGroups ? .dialog : .selection) + 1
        x = canvas.put(" all groups ", x: x, y: rect.y + 4, role: allGroups ? .selection : .dialog) + 2
        canvas.put(glyphs.leftRight, x: x, y: rect.y + 4, role: .dim)
        confirmLine(&canvas, rect)
    }

    private static func confirmLine(_ canvas: inout Canvas, _ rect: Rect) {
        var x = canvas.put("Enter", x: rect.x + 2, y: rect.maxY - 2, role: .key)
        x = canvas.put(" confirm    ", x: x, y: rect.maxY - 2, role: .dialog)
        x = canvas.put("Esc", x: x, y: rect.maxY - 2, role: .key)
        canvas.put(" cancel", x: x, y: rect.maxY - 2, role: .dialog)
    }

    /// The replay's "jump to" prompt.
    static func jumpPrompt(_ canvas: inout Canvas, text: String, size: TerminalSize, glyphs: Glyphs) {
        let rect = centered(width: 50, height: 5, in: size)
        box(&canvas, rect, title: "Jump to", role: .dialog, glyphs: glyphs)
        let x = canvas.put("hh:mm[:ss], +5m, -30s > ", x: rect.x + 2, y: rect.y + 2, role: .dim)
        canvas.put(text + "_", x: x, y: rect.y + 2, role: .accent)
    }

    /// The `/` prompt in the footer: the group filter as typed.
    static func filterPrompt(_ canvas: inout Canvas, text: String, rect: Rect) {
        canvas.fill(x: rect.x, y: rect.y, count: rect.width, role: .dialog)
        let x = canvas.put(" filter groups: ", x: rect.x, y: rect.y, role: .dim)
        let end = canvas.put(text + "_", x: x, y: rect.y, role: .accent)
        canvas.put("   Enter keep  Esc clear", x: end, y: rect.y, role: .dim)
    }

    /// What a terminal below the minimum size shows instead of the console.
    static func tooSmall(_ canvas: inout Canvas, size: TerminalSize, glyphs: Glyphs) {
        let times = glyphs == .unicode ? "×" : "x"
        let lines = ["terminal too small (need 80\(times)24)",
                     "now \(size.columns)\(times)\(size.rows): enlarge it, or press q to quit"]
        for (row, line) in lines.enumerated() {
            let y = max(0, size.rows / 2 - 1 + row)
            canvas.put(line, x: max(0, (size.columns - line.count) / 2), y: y, role: row == 0 ? .warn : .dim)
        }
    }
}
