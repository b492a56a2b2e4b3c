import UpbitRateLimit

/// The per-group table: one row per group, columns chosen for the width.
///
/// Fixed columns always show; the rate gauge and the queue sparkline stretch; wider
/// terminals add `WAIT50`, `GRANTED`, `REM` (last `Remaining-Req` sec) and `T/O`.
struct GroupTable {
    enum Column: Hashable {
        case name, limit, rate, queue, history, wait95, wait50, drift, utilization, errors, circuit
        case granted, remaining, timeouts
    }

    struct Entry {
        var text: String
        var role: Role
    }

    let glyphs: Glyphs
    let columns: [(column: Column, width: Int)]

    static let titles: [Column: String] = [
        .name: "GROUP", .limit: "LIMIT", .rate: "RATE", .queue: "QUEUE", .history: "TREND",
        .wait95: "WAIT95", .wait50: "WAIT50", .drift: "DRIFT", .utilization: "UTIL", .errors: "429/418",
        .circuit: "CIRC", .granted: "GRANTED", .remaining: "REM", .timeouts: "T/O",
    ]
    /// The column each sort highlights.
    static let sortColumn: [GroupView.Sort: Column] = [.queue: .queue, .wait: .wait95, .utilization: .utilization,
                                                       .errors429: .errors]
    static let rightAligned: Set<Column> = [.limit, .queue, .wait95, .wait50, .drift, .utilization, .errors,
                                            .granted, .remaining, .timeouts]
    static let fixed: [(Column, Int)] = [(.name, 17), (.limit, 5), (.rate, 10), (.queue, 5), (.history, 6),
                                         (.wait95, 6), (.drift, 6), (.utilization, 4), (.errors, 7), (.circuit, 4)]
    static let optional: [(Column, Int, after: Column)] = [(.wait50, 6, .history), (.granted, 7, .errors),
                                                          (.remaining, 4, .errors), (.timeouts, 5, .errors)]

    /// Columns for `width` cells (one of them a left margin).
    init(width: Int, glyphs: Glyphs) {
        self.glyphs = glyphs
        var columns = Self.fixed
        var spare = width - 1 - columns.reduce(0) { $0 + $1.1 + 1 } + 1
        for (column, size, after) in Self.optional where spare >= size + 1 + 30 {
            columns.insert((column, size), at: columns.firstIndex { $0.0 == after }! + 1)
            spare -= size + 1
        }
        let gaugeExtra = min(spare / 3, 25)
        let sparkExtra = min(spare - gaugeExtra, 114)
        self.columns = columns.map { column, size in
            (column, size + (column == .rate ? gaugeExtra : column == .history ? sparkExtra : 0))
        }
    }

    /// The first group row shown: the selection is kept in the middle while the table scrolls.
    static func firstRow(selection: Int, count: Int, visible: Int) -> Int {
        max(0, min(selection - visible / 2, count - visible))
    }

    /// Draws the title rule, the column heads and the rows into `rect`.
    func draw(_ canvas: inout Canvas, in rect: Rect, state: ConsoleState) {
        let groups = state.visibleGroups
        let visible = max(0, rect.height - 2)
        let offset = Self.firstRow(selection: state.selection, count: groups.count, visible: visible)
        var info = state.frame.map { "limits \($0.limits)" } ?? ""
        if groups.count > visible { info = "rows \(offset + 1)-\(offset + visible) of \(groups.count)  " + info }
        if !state.view.summary.isEmpty { info = state.view.summary + "  " + info }
        Panel.rule(&canvas, x: rect.x, y: rect.y, width: rect.width, title: "Groups", info: info, glyphs: glyphs)
        var x = rect.x + 1
        for (column, width) in columns {
            let title = Self.titles[column]!
            canvas.put(Self.rightAligned.contains(column) ? TextFormat.right(title, width) : title,
                       x: x, y: rect.y + 1, role: Self.sortColumn[state.view.sort] == column ? .accent : .column,
                       width: width)
            x += width + 1
        }
        guard state.frame != nil else {
            canvas.put("waiting for the first frame…", x: rect.x + 1, y: rect.y + 2, role: .dim)
            return
        }
        if groups.isEmpty {
            canvas.put("no group passes the filter (/ to change it, i shows idle groups)", x: rect.x + 1,
                       y: rect.y + 2, role: .dim)
        }
        for (row, index) in (offset..<min(groups.count, offset + visible)).enumerated() {
            let y = rect.y + 2 + row
            draw(&canvas, group: groups[index], y: y, x: rect.x + 1, state: state)
            if index == state.selection { canvas.restyle(x: rect.x, y: y, count: rect.width, role: .selection) }
        }
    }

    private func draw(_ canvas: inout Canvas, group: GroupStatus, y: Int, x startX: Int, state: ConsoleState) {
        var x = startX
        for (column, width) in columns {
            switch column {
            case .rate:
                Gauge.draw(&canvas, ratio: group.rateRatio, x: x, y: y, width: width - 5, glyphs: glyphs,
                           role: group.rateRatio >= 0.95 ? .gauge : group.rateRatio >= 0.5 ? .warn : .critical)
                canvas.put(TextFormat.right("\(Int((group.rateRatio * 100).rounded()))%", 4), x: x + width - 4, y: y,
                           role: group.rateRatio >= 0.95 ? .normal : .warn)
            case .history:
                Gauge.sparkline(&canvas, values: state.history.queueDepths(of: group.name, last: width),
                                x: x, y: y, width: width, glyphs: glyphs)
            default:
                let cell = self.cell(column, group)
                let text = Self.rightAligned.contains(column) ? TextFormat.right(cell.text, width)
                    : TextFormat.clip(cell.text, width, ellipsis: glyphs.ellipsis)
                canvas.put(text, x: x, y: y, role: cell.role, width: width)
            }
            x += width + 1
        }
    }

    func cell(_ column: Column, _ g: GroupStatus) -> Entry {
        switch column {
        case .name: return Entry(text: g.name.rawValue, role: .normal)
        case .limit: return Entry(text: TextFormat.limit(perSecond: g.limitPerSecond, window: g.windowSeconds), role: .dim)
        case .queue:
            let burst = Int(g.limitPerSecond * g.windowSeconds)
            return Entry(text: "\(g.queueDepth)", role: g.queueDepth == 0 ? .dim : g.queueDepth > 4 * burst ? .warn : .normal)
        case .wait95: return latency(g.waitMs.p95, warnAbove: 1000)
        case .wait50: return latency(g.waitMs.p50, warnAbove: 1000)
        case .drift: return latency(g.tatDriftMs.p95, warnAbove: 50)
        case .utilization:
            let percent = Int((g.utilization * 100).rounded())
            return Entry(text: "\(percent)%", role: percent == 0 ? .dim : percent >= 90 ? .warn : .normal)
        case .errors:
            return Entry(text: "\(TextFormat.count(g.errors429Total))/\(TextFormat.count(g.errors418Total))",
                        role: g.errors418Total > 0 ? .critical : g.errors429Total > 0 ? .warn : .dim)
        case .circuit:
            if g.blockedForS != nil { return Entry(text: "418!", role: .critical) }
            switch g.circuit {
            case .closed: return Entry(text: "ok", role: .ok)
            case .halfOpen: return Entry(text: "half", role: .warn)
            case .open: return Entry(text: "OPEN", role: .critical)
            }
        case .granted: return Entry(text: TextFormat.count(g.grantedTotal), role: .normal)
        case .remaining: return Entry(text: g.remainingReqSec.map(String.init) ?? "-", role: .dim)
        case .timeouts: return Entry(text: TextFormat.count(g.timeoutsTotal), role: g.timeoutsTotal > 0 ? .warn : .dim)
        case .rate, .history: return Entry(text: "", role: .normal)
        }
    }

    private func latency(_ ms: Double, warnAbove: Double) -> Entry {
        Entry(text: TextFormat.millis(ms), role: ms < 0.5 ? .dim : ms > warnAbove ? .warn : .normal)
    }
}
