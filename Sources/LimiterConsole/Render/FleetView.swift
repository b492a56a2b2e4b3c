import UpbitRateLimit

/// The fleet's host bar (under the header) and the all-hosts view (`a`): each host's health
/// and the worst groups of every host.
struct FleetView {
    let glyphs: Glyphs
    let format: TextFormat

    /// `Hosts  1 up host1 P1:2 | 2 DOWN 12s host2 |…  Tab a`, the host on screen highlighted.
    func hostBar(_ canvas: inout Canvas, y: Int, width: Int, fleet: FleetStatus) {
        canvas.fill(x: 0, y: y, count: width, role: .normal)
        var x = canvas.put(" Hosts", x: 0, y: y, role: .title) + 1
        for (index, host) in fleet.hosts.enumerated() {
            let (mark, role) = health(host, now: fleet.now)
            let start = x
            x = canvas.put(" \(index + 1) ", x: x, y: y, role: .key)
            x = canvas.put(mark, x: x, y: y, role: role) + 1
            x = canvas.put(TextFormat.clip(shortName(host.name), 24, ellipsis: glyphs.ellipsis) + " ", x: x, y: y,
                           role: .normal)
            if let worst = host.worstAlert {
                x = canvas.put(host.alertSummary + " ", x: x, y: y, role: Panel.role(ofAlert: worst))
            }
            if index == fleet.selected && !fleet.overview { canvas.restyle(x: start, y: y, count: x - start, role: .selection) }
            x = canvas.put(String(glyphs.vertical), x: x, y: y, role: .border) + 1
        }
        let hint = fleet.overview ? "a: back to host" : "Tab/1-9 host  a all hosts"
        if x + hint.count + 1 < width { canvas.put(hint, x: width - hint.count - 1, y: y, role: .dim) }
    }

    private func shortName(_ label: String) -> String {
        label.hasPrefix("remote ") ? String(label.dropFirst(7)) : label
    }

    private func health(_ host: HostHealth, now: Double) -> (String, Role) {
        switch host.connection {
        case .live: return host.seen ? ("up", .ok) : ("wait", .dim)
        case .disconnected(let since, _):
            return ("DOWN " + TextFormat.span(TextFormat.bounded(now - since)), .critical)
        case .ended: return ("ended", .warn)
        }
    }

    /// Every host's health, then the worst groups of all hosts.
    func overview(_ canvas: inout Canvas, _ rect: Rect, fleet: FleetStatus) {
        Panel.rule(&canvas, x: rect.x, y: rect.y, width: rect.width, title: "All hosts",
                   info: "\(fleet.hosts.count) hosts", glyphs: glyphs)
        var y = rect.y + 1
        for (index, host) in fleet.hosts.enumerated() where y < rect.maxY {
            let (mark, role) = health(host, now: fleet.now)
            var x = canvas.put("\(index + 1) ", x: rect.x + 1, y: y, role: .key)
            x = canvas.put(TextFormat.clip(shortName(host.name), 28, ellipsis: glyphs.ellipsis), x: x, y: y,
                           role: .normal)
            x = canvas.put(mark, x: max(x + 1, rect.x + 32), y: y, role: role) + 2
            x = canvas.put(host.alertSummary, x: max(x, rect.x + 45), y: y,
                           role: host.worstAlert.map(Panel.role(ofAlert:)) ?? .ok) + 2
            var detail = host.worstGroups.first.map { "worst: \($0.name.rawValue)" } ?? (host.seen ? "all groups healthy" : "no frame yet")
            if case .disconnected(let since, let reason) = host.connection {
                detail = "since \(format.clock(since)): \(reason)"
            }
            canvas.put(detail, x: max(x, rect.x + 60), y: y, role: .dim, width: rect.maxX - max(x, rect.x + 60) - 1)
            y += 1
        }
        y += 1
        guard y + 2 < rect.maxY else { return }
        Panel.rule(&canvas, x: rect.x, y: y, width: rect.width, title: "Worst groups of all hosts", glyphs: glyphs)
        let columns: [(GroupTable.Column, Int)] = [(.queue, 5), (.wait95, 6), (.utilization, 4), (.errors, 7),
                                                   (.circuit, 4)]
        let table = GroupTable(width: 0, glyphs: glyphs)
        var x = canvas.put("HOST", x: rect.x + 1, y: y + 1, role: .column)
        x = canvas.put("GROUP", x: rect.x + 4, y: y + 1, role: .column)
        x = rect.x + 4 + 18
        for (column, width) in columns {
            canvas.put(TextFormat.right(GroupTable.titles[column]!, width), x: x, y: y + 1, role: .column)
            x += width + 1
        }
        let worst = fleet.hosts.enumerated().flatMap { index, host in host.worstGroups.map { (index, $0) } }
            .sorted { FleetStatus.badness($0.1) > FleetStatus.badness($1.1) }
        y += 2
        if worst.isEmpty { canvas.put("no group needs a look", x: rect.x + 1, y: y, role: .ok) }
        for (host, group) in worst where y < rect.maxY {
            canvas.put("\(host + 1)", x: rect.x + 1, y: y, role: .key)
            canvas.put(TextFormat.clip(group.name.rawValue, 17, ellipsis: glyphs.ellipsis), x: rect.x + 4, y: y,
                       role: .normal)
            x = rect.x + 4 + 18
            for (column, width) in columns {
                let cell = table.cell(column, group)
                canvas.put(TextFormat.right(cell.text, width), x: x, y: y, role: cell.role)
                x += width + 1
            }
            y += 1
        }
    }
}
