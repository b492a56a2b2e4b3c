import UpbitRateLimit

extension Panel {
    /// Background tasks: alive or dead, restarts, age of the last heartbeat.
    static func tasks(_ canvas: inout Canvas, _ rect: Rect, frame: StatusFrame?, glyphs: Glyphs) {
        let tasks = frame?.tasks ?? []
        rule(&canvas, x: rect.x, y: rect.y, width: rect.width, title: "Tasks", info: "\(tasks.count)", glyphs: glyphs)
        guard let frame, !tasks.isEmpty else {
            canvas.put("no background tasks reported", x: rect.x + 1, y: rect.y + 1, role: .dim)
            return
        }
        let nameWidth = max(8, rect.width - 24)
        for (row, task) in tasks.prefix(rect.height - 1).enumerated() {
            let y = rect.y + 1 + row
            var x = canvas.put(TextFormat.clip(task.name, nameWidth, ellipsis: glyphs.ellipsis), x: rect.x + 1, y: y,
                               role: .normal)
            x = rect.x + 1 + nameWidth + 1
            x = canvas.put(task.alive ? "alive" : "DEAD ", x: x, y: y, role: task.alive ? .ok : .critical) + 1
            x = canvas.put(TextFormat.right("\(task.restarts)r", 4), x: x, y: y, role: task.restarts > 0 ? .warn : .dim) + 1
            let age = frame.t - task.lastBeat
            canvas.put(TextFormat.right(TextFormat.span(age), 6) + " ago", x: x, y: y, role: age > 10 ? .warn : .dim)
        }
    }

    /// Active alerts, most urgent first.
    static func alerts(_ canvas: inout Canvas, _ rect: Rect, frame: StatusFrame?, format: TextFormat, glyphs: Glyphs) {
        let alerts = (frame?.alerts ?? []).sorted { ($0.level, $0.since) < ($1.level, $1.since) }
        canvas.fill(x: rect.x, y: rect.y, count: 1, character: glyphs.horizontal, role: .border)
        rule(&canvas, x: rect.x + 1, y: rect.y, width: rect.width - 1, title: "Alerts", info: "\(alerts.count)",
             glyphs: glyphs)
        for y in (rect.y + 1)..<rect.maxY { canvas.put(String(glyphs.vertical), x: rect.x, y: y, role: .border) }
        guard !alerts.isEmpty else {
            canvas.put("no alerts", x: rect.x + 2, y: rect.y + 1, role: .ok)
            return
        }
        for (row, alert) in alerts.prefix(rect.height - 1).enumerated() {
            let y = rect.y + 1 + row
            let role = role(ofAlert: alert.level)
            var x = canvas.put(alert.level.rawValue, x: rect.x + 2, y: y, role: role) + 1
            x = canvas.put(format.clock(alert.since), x: x, y: y, role: .dim) + 1
            let group = alert.group.map { " \($0.rawValue)" } ?? ""
            let text = "\(alert.rule)\(group): \(alert.message)"
            canvas.put(TextFormat.clip(text, rect.maxX - x - 1, ellipsis: glyphs.ellipsis), x: x, y: y,
                       role: alert.level <= .p1 ? role : .normal)
        }
    }

    /// The event log, newest first.
    static func events(_ canvas: inout Canvas, _ rect: Rect, state: ConsoleState, format: TextFormat, glyphs: Glyphs) {
        let events = state.visibleEvents
        let view = state.view
        var info = "\(state.log.events.count) seen"
        if view.eventLevel != .all { info = "\(view.eventLevel.rawValue)+ · " + info }
        if view.eventsOfSelection { info = "\(state.selectedGroup?.rawValue ?? "-") only · " + info }
        rule(&canvas, x: rect.x, y: rect.y, width: rect.width, title: "Events", info: info, glyphs: glyphs)
        guard !events.isEmpty else {
            canvas.put(state.log.events.isEmpty ? "no events yet" : "no events pass the filter (l, f)",
                       x: rect.x + 1, y: rect.y + 1, role: .dim)
            return
        }
        for (row, event) in events.reversed().prefix(rect.height - 1).enumerated() {
            let y = rect.y + 1 + row
            var x = canvas.put(format.clock(event.t), x: rect.x + 1, y: y, role: .dim) + 1
            x = canvas.put(TextFormat.clip(event.group?.rawValue ?? "-", 17, ellipsis: glyphs.ellipsis),
                           x: x, y: y, role: .accent)
            x = rect.x + 1 + 9 + 18
            let correlation = event.correlationID.map { "  [\($0)]" } ?? ""
            canvas.put(TextFormat.clip(event.message + correlation, rect.maxX - x - 1, ellipsis: glyphs.ellipsis),
                       x: x, y: y, role: role(ofEvent: event.kind))
        }
    }

    static func role(ofAlert level: AlertLevel) -> Role {
        switch level { case .p0: .p0; case .p1: .p1; case .p2: .p2; case .p3: .p3 }
    }

    static func role(ofEvent kind: String) -> Role {
        switch kind {
        case "429", "rate_cut", "restart", "alert": .warn
        case "418", "circuit_open", "emergency": .critical
        case "recovery_step", "recovery_reset", "circuit_closed", "alert_resolved": .ok
        case "operator", "config": .accent
        default: .normal
        }
    }
}
