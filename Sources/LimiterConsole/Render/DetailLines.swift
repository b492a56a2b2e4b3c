import Foundation
import UpbitRateLimit

/// The text parts of the detail view: the summary lines, and the alerts, events and
/// endpoints of the group.
struct DetailLines {
    let group: GroupStatus
    let format: TextFormat
    let glyphs: Glyphs
    /// The frame's time, for the wall-clock end of a 418 block.
    let frameTime: Double?

    private static func percent(_ ratio: Double) -> String { TextFormat.share(ratio) }
    private static func inMs(_ ms: Int) -> String { ms >= 1000 ? TextFormat.span(TextFormat.bounded(Double(ms) / 1000)) : "\(ms)ms" }

    /// The rate and why; circuit, block, hold, TAT; leases.
    func summary() -> [[Panel.Segment]] {
        let g = group, d = group.detail
        var rate: [Panel.Segment] = [
            ("Rate ", .dim), (Self.percent(g.rateRatio), g.rateRatio >= 0.95 ? .ok : .warn),
            (" = " + rateText(g.limitPerSecond * g.rateRatio) + " of " + rateText(g.limitPerSecond) + "   ", .normal),
        ]
        if let d {
            if d.adaptiveRatio < 1 { rate.append(("cut to \(Self.percent(d.adaptiveRatio)) by 429s  ", .warn)) }
            if d.emergencyFactor < 1 { rate.append(("emergency at \(Self.percent(d.emergencyFactor))  ", .critical)) }
            if d.adaptiveRatio >= 1, d.emergencyFactor >= 1 { rate.append(("full rate  ", .ok)) }
            if let next = d.nextRecoveryMs {
                rate.append(("next recovery +\(Self.percent(d.recoveryStep)) in \(Self.inMs(next))", .normal))
            }
        }
        var health: [Panel.Segment] = [("Circuit ", .dim)]
        switch g.circuit {
        case .closed: health.append(("closed", .ok))
        case .halfOpen: health.append(("half-open", .warn))
        case .open: health.append(("OPEN" + (d?.circuitReopenMs.map { ", half-open in \(Self.inMs($0))" } ?? ""), .critical))
        }
        if let d { health.append((" \(d.circuitFailures)/\(d.circuitThreshold) failures", .dim)) }
        if let blocked = g.blockedForS, let t = frameTime {
            health.append(("   418 block to \(format.clock(t + TextFormat.bounded(blocked))) (\(TextFormat.span(TextFormat.bounded(blocked))))", .critical))
        } else {
            health.append(("   no 418 block", .dim))
        }
        if let hold = d?.holdMs { health.append(("   hold \(Self.inMs(hold))", .warn)) }
        let tat = g.tatMs <= 0 ? "idle" : "+" + TextFormat.millis(TextFormat.bounded(g.tatMs))
        health.append(("   TAT \(tat) vs now, drift p95 \(TextFormat.millis(TextFormat.bounded(g.tatDriftMs.p95)))", .normal))
        guard let d else { return [rate, health] }
        let leases: [Panel.Segment] = d.leasesMs.isEmpty
            ? [("No open leases", .dim)]
            : [("Leases \(d.leasesMs.count) open", .accent),
               (", answers due in \(Self.inMs(d.leasesMs.first!)) to \(Self.inMs(d.leasesMs.last!))", .normal)]
        return [rate, health, leases + [("   margin \(d.marginMs)ms   queue \(g.queueDepth)", .dim)]]
    }

    private func rateText(_ perSecond: Double) -> String { String(format: "%.3g/s", perSecond) }

    /// Alerts and events of the group, newest first; endpoints on the right when wide.
    func happenings(_ canvas: inout Canvas, _ rect: Rect, state: ConsoleState) {
        guard rect.height >= 2 else { return }
        let endpoints = group.detail?.endpoints ?? []
        let wide = rect.width >= 110 && !endpoints.isEmpty
        let listWidth = wide ? rect.width * 2 / 3 : rect.width
        let alerts = (state.frame?.alerts ?? []).filter { $0.group == group.name && $0.state != .resolved }
        let events = state.log.events.filter { $0.group == group.name }
        Panel.rule(&canvas, x: rect.x, y: rect.y, width: listWidth, title: "Alerts and events of \(group.name.rawValue)",
                   info: "\(alerts.count) alerts, \(events.count) events", glyphs: glyphs)
        var y = rect.y + 1
        if !wide, !endpoints.isEmpty {
            canvas.put("Endpoints: " + endpoints.joined(separator: ", "), x: rect.x + 1, y: y, role: .dim,
                       width: listWidth - 2)
            y += 1
        }
        for alert in alerts where y < rect.maxY {
            let x = canvas.put(alert.level.rawValue, x: rect.x + 1, y: y, role: Panel.role(ofAlert: alert.level)) + 1
            canvas.put("\(format.clock(alert.since)) \(alert.rule): \(alert.message)", x: x, y: y, role: .normal,
                       width: rect.x + listWidth - 1 - x)
            y += 1
        }
        for event in events.reversed() where y < rect.maxY {
            let x = canvas.put(format.clock(event.t), x: rect.x + 1, y: y, role: .dim) + 1
            canvas.put(event.message, x: x, y: y, role: Panel.role(ofEvent: event.kind), width: rect.x + listWidth - 1 - x)
            y += 1
        }
        if alerts.isEmpty, events.isEmpty, y < rect.maxY { canvas.put("none yet", x: rect.x + 1, y: y, role: .dim) }
        guard wide else { return }
        let right = Rect(x: rect.x + listWidth, y: rect.y, width: rect.width - listWidth, height: rect.height)
        Panel.rule(&canvas, x: right.x, y: right.y, width: right.width, title: "Endpoints", info: "\(endpoints.count)",
                   glyphs: glyphs)
        for (row, endpoint) in endpoints.prefix(right.height - 1).enumerated() {
            canvas.put(endpoint, x: right.x + 1, y: right.y + 1 + row, role: .normal, width: right.width - 2)
        }
    }
}
