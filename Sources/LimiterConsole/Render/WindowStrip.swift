import UpbitRateLimit

/// One window on one line: `10/1s  8/10 used  free in 40ms  -1s[··|·||··^·L·L]+1s`.
///
/// The axis runs from one window length ago to one window length ahead: settle instants
/// (`|`, where a release is counted until its window passes), open leases at their answer
/// bound (`L`), and now (`^`).
struct WindowStrip {
    let window: GroupDetail.Window
    let leasesMs: [Int]
    let glyphs: Glyphs

    func draw(_ canvas: inout Canvas, x: Int, y: Int, width: Int) {
        let name = TextFormat.limit(perSecond: Double(window.limit) / window.seconds, window: window.seconds)
        var column = canvas.put(TextFormat.clip(name, 6, ellipsis: glyphs.ellipsis), x: x, y: y, role: .accent)
        column = canvas.put(" " + TextFormat.right("\(window.used)/\(window.allowed)", 7) + " used", x: x + 6, y: y,
                            role: window.used >= window.allowed ? .warn : .normal)
        let free = window.nextFreeMs.map { "free in " + TextFormat.millis(TextFormat.bounded(Double($0))) }
            ?? "slot free now"
        column = canvas.put("  " + TextFormat.clip(free, 15, ellipsis: glyphs.ellipsis), x: column, y: y,
                            role: window.nextFreeMs == nil ? .ok : .dim, width: 17)
        column = x + 6 + 13 + 17 + 1
        let span = window.lengthS
        let label = TextFormat.millis(TextFormat.bounded(span * 1000))
        let axis = x + width - column - 2 * (label.count + 2)
        guard axis >= 10 else { return }
        column = canvas.put("-" + label + "[", x: column, y: y, role: .dim)
        canvas.fill(x: column, y: y, count: axis, character: glyphs.gauge[0], role: .gaugeEmpty)
        let spanMs = span * 1000
        func position(_ ms: Int) -> Int? {
            let offset = (Double(ms) + spanMs) / (2 * spanMs)
            guard offset.isFinite, offset >= 0, offset <= 1 else { return nil }
            return column + min(axis - 1, Int(offset * Double(axis - 1)))
        }
        for settle in window.settlesMs { if let at = position(settle) { canvas.put("|", x: at, y: y, role: .sparkline) } }
        for lease in leasesMs { if let at = position(lease) { canvas.put("L", x: at, y: y, role: .warn) } }
        if let now = position(0) { canvas.put("^", x: now, y: y, role: .accent) }
        canvas.put("]+" + label, x: column + axis, y: y, role: .dim)
    }
}
