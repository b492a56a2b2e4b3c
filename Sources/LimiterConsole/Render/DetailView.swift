import UpbitRateLimit

/// The selected group's detail (Enter on the table, Esc back): why it waits.
///
/// Top to bottom: the rate and why (cut × emergency, next recovery step), circuit, 418
/// block, hold and TAT; one line per window with its occupancy on a time axis (settles `|`,
/// open leases `L`, now `^`); four charts over the last minutes (queue depth, grants/s
/// against the rate in force, wait p50/p95, rate ratio); the wait histogram; the group's
/// alerts and events, and its endpoint templates.
struct DetailView {
    let glyphs: Glyphs
    let format: TextFormat

    func draw(_ canvas: inout Canvas, in rect: Rect, state: ConsoleState, group: GroupStatus) {
        let detail = group.detail
        var info = "\(group.scope.rawValue)  \(TextFormat.limit(perSecond: group.limitPerSecond, window: group.windowSeconds))"
        if detail == nil { info += "  (the feed sends no detail: schema rev < 1)" }
        Panel.rule(&canvas, x: rect.x, y: rect.y, width: rect.width, title: "Group \(group.name.rawValue)",
                   info: info + "  Esc back", glyphs: glyphs)
        var y = rect.y + 1
        for line in DetailLines(group: group, format: format, glyphs: glyphs, frameTime: state.frame?.t).summary() {
            draw(&canvas, line, x: rect.x + 1, y: y, width: rect.width - 2)
            y += 1
        }
        for window in detail?.windows ?? [] {
            WindowStrip(window: window, leasesMs: detail?.leasesMs ?? [], glyphs: glyphs)
                .draw(&canvas, x: rect.x + 1, y: y, width: rect.width - 2)
            y += 1
        }
        let rest = rect.maxY - y
        let chartRows = max(4, min(14, (rest - HistogramStrip.rows - 3) / 2))
        let charts = DetailCharts(samples: state.series.samples(of: group.name), glyphs: glyphs)
        let half = rect.width / 2
        charts.draw(&canvas, top: Rect(x: rect.x + 1, y: y, width: half - 2, height: chartRows),
                    Rect(x: rect.x + half + 1, y: y, width: rect.width - half - 2, height: chartRows),
                    bottom: Rect(x: rect.x + 1, y: y + chartRows, width: half - 2, height: chartRows),
                    Rect(x: rect.x + half + 1, y: y + chartRows, width: rect.width - half - 2, height: chartRows))
        y += 2 * chartRows
        if let histogram = detail?.waitHistogram {
            HistogramStrip(histogram: histogram, glyphs: glyphs)
                .draw(&canvas, Rect(x: rect.x + 1, y: y, width: rect.width - 2, height: min(HistogramStrip.rows, rect.maxY - y)))
        }
        y += HistogramStrip.rows
        let lower = Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y)
        DetailLines(group: group, format: format, glyphs: glyphs, frameTime: state.frame?.t).happenings(&canvas, lower, state: state)
    }

    private func draw(_ canvas: inout Canvas, _ line: [Panel.Segment], x: Int, y: Int, width: Int) {
        var column = x
        for segment in line { column = canvas.put(segment.text, x: column, y: y, role: segment.role, width: x + width - column) }
    }
}
