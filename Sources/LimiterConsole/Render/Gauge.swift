/// Bar gauges and sparklines, in Unicode blocks or ASCII.
enum Gauge {
    /// A horizontal bar `width` cells long, filled to `ratio` (0…1) with sub-cell precision.
    static func draw(_ canvas: inout Canvas, ratio: Double, x: Int, y: Int, width: Int, glyphs: Glyphs, role: Role) {
        guard width > 0 else { return }
        let steps = glyphs.gauge.count - 1
        var eighths = Int((max(0, min(1, ratio)) * Double(width * steps)).rounded())
        for column in 0..<width {
            let level = min(steps, eighths)
            eighths -= level
            canvas.put(String(glyphs.gauge[level]), x: x + column, y: y, role: level == 0 ? .gaugeEmpty : role)
        }
    }

    /// `values` as a sparkline right-aligned in `width` cells, scaled to their maximum.
    static func sparkline(_ canvas: inout Canvas, values: ArraySlice<Int>, x: Int, y: Int, width: Int, glyphs: Glyphs) {
        let top = Double(max(1, values.max() ?? 1))
        let levels = glyphs.spark.count - 1
        var column = x + width - values.count
        for value in values {
            let level = value <= 0 ? 0 : max(1, Int((Double(value) / top * Double(levels)).rounded()))
            canvas.put(String(glyphs.spark[level]), x: column, y: y, role: value <= 0 ? .dim : .sparkline)
            column += 1
        }
    }
}
