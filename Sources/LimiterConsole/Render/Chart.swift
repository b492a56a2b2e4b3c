/// A time chart with a y axis (labelled maximum and zero) and an x axis (`-2m … now`):
/// filled columns of block elements (ASCII `_.-:=+*#` without Unicode), up to two
/// overlaid series and an optional limit line.
struct Chart {
    /// One series: a value per column (nil: no data), drawn in `role`.
    struct Series {
        var values: [Double?]
        var role: Role
    }

    var title: String
    /// Formats an axis or current value (`12`, `640ms`, `60%`).
    var label: (Double) -> String
    /// Drawn back to front: put the larger series (p95) before the smaller one (p50).
    var series: [Series]
    /// A horizontal reference per column (the rate in force), drawn where no fill covers it.
    var limit: [Double?] = []
    /// The smallest top of the y axis (a flat zero still gets a scale).
    var minimumTop: Double = 1
    /// Seconds one column covers, for the x axis labels.
    var secondsPerColumn: Int

    /// The plot's columns in `rect`: what the caller must aggregate the samples into.
    static func plotWidth(_ rect: Rect) -> Int { max(1, rect.width - axisWidth - 1) }
    static let axisWidth = 6

    func draw(_ canvas: inout Canvas, in rect: Rect, glyphs: Glyphs) {
        guard rect.height >= 3, rect.width > Self.axisWidth + 4 else { return }
        let plotRows = rect.height - 2
        let width = Self.plotWidth(rect)
        let values = (series.flatMap(\.values) + limit).compactMap { $0 }.filter(\.isFinite)
        let top = Self.niceCeiling(max(minimumTop, values.max() ?? 0))
        let current = series.last?.values.last.flatMap { $0 }.map(label) ?? "-"
        canvas.put(title, x: rect.x, y: rect.y, role: .title, width: rect.width)
        canvas.put(TextFormat.right("now " + current, 14), x: rect.maxX - 14, y: rect.y, role: .accent)
        let x0 = rect.x + Self.axisWidth
        canvas.put(TextFormat.right(label(top), Self.axisWidth - 1), x: rect.x, y: rect.y + 1, role: .dim)
        canvas.put(TextFormat.right(label(0), Self.axisWidth - 1), x: rect.x, y: rect.y + plotRows, role: .dim)
        for row in 0..<plotRows { canvas.put(String(glyphs.vertical), x: x0, y: rect.y + 1 + row, role: .border) }
        for item in series {
            for (column, value) in item.values.suffix(width).enumerated() {
                guard let value, value.isFinite, value > 0 else { continue }
                let x = x0 + 1 + width - min(width, item.values.count) + column
                fill(&canvas, x: x, bottom: rect.y + plotRows, rows: plotRows, eighths: eighths(value, top, plotRows),
                     role: item.role, glyphs: glyphs)
            }
        }
        for (column, value) in limit.suffix(width).enumerated() {
            guard let value, value.isFinite, value >= 0 else { continue }
            let x = x0 + 1 + width - min(width, limit.count) + column
            let row = min(plotRows - 1, eighths(value, top, plotRows) / 8)
            let y = rect.y + plotRows - row
            if canvas[x, y].character == " " { canvas.put(String(glyphs.horizontal), x: x, y: y, role: .warn) }
        }
        axis(&canvas, x: x0, y: rect.y + rect.height - 1, width: width, glyphs: glyphs)
    }

    private func eighths(_ value: Double, _ top: Double, _ rows: Int) -> Int {
        min(rows * 8, max(1, Int((value / top * Double(rows * 8)).rounded())))
    }

    private func fill(_ canvas: inout Canvas, x: Int, bottom: Int, rows: Int, eighths: Int, role: Role,
                      glyphs: Glyphs) {
        var left = eighths
        for row in 0..<rows where left > 0 {
            let level = min(8, left)
            canvas.put(String(glyphs.spark[level - 1]), x: x, y: bottom - row, role: role)
            left -= level
        }
    }

    /// `└──────┴─────┴ now` with `-Nm` labels every minute that fits.
    private func axis(_ canvas: inout Canvas, x: Int, y: Int, width: Int, glyphs: Glyphs) {
        canvas.put(String(glyphs.corners[2]), x: x, y: y, role: .border)
        canvas.fill(x: x + 1, y: y, count: width, character: glyphs.horizontal, role: .border)
        let span = width * secondsPerColumn
        let step = span >= 600 ? 300 : span >= 240 ? 60 : span >= 60 ? 30 : 10
        var seconds = step
        while seconds < span {
            let column = x + width - seconds / secondsPerColumn
            let text = seconds % 60 == 0 ? "-\(seconds / 60)m" : "-\(seconds)s"
            if column - x > text.count { canvas.put(text, x: column - text.count / 2, y: y, role: .dim) }
            seconds += step
        }
        canvas.put("now", x: x + width - 2, y: y, role: .dim)
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2, 5, 10] where magnitude * factor >= value { return magnitude * factor }
        return magnitude * 10
    }
}
