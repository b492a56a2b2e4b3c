import UpbitRateLimit

/// The wait histogram as columns: a bar per bucket (`<1ms`, `<5ms` … `>10s`), two rows of
/// block elements scaled to the largest bucket, the count above, the bound below (5 rows).
struct HistogramStrip {
    let histogram: WaitHistogram
    let glyphs: Glyphs
    /// Rows it takes.
    static let rows = 5

    func draw(_ canvas: inout Canvas, _ rect: Rect) {
        guard rect.height >= 5, histogram.counts.count == histogram.boundsMs.count + 1 else { return }
        let total = histogram.counts.reduce(0, +)
        canvas.put("Wait histogram", x: rect.x, y: rect.y, role: .title)
        canvas.put("  \(total) grants over the percentile period", x: rect.x + 14, y: rect.y, role: .dim)
        let labels = histogram.boundsMs.map { "<" + Self.bound($0) } + [">" + Self.bound(histogram.boundsMs.last ?? 0)]
        let cell = max(5, min(12, (rect.width - 2) / labels.count))
        let top = Double(max(1, histogram.counts.max() ?? 1))
        for (index, count) in histogram.counts.enumerated() {
            let x = rect.x + index * cell
            guard x + cell <= rect.maxX else { break }
            var eighths = count == 0 ? 0 : max(1, Int((Double(count) / top * 16).rounded()))
            for row in 0..<2 {
                let level = min(8, eighths)
                let glyph = level == 0 ? " " : String(glyphs.spark[level - 1])
                canvas.fill(x: x, y: rect.y + 3 - row, count: cell - 1, character: Character(glyph), role: .sparkline)
                eighths -= level
            }
            canvas.put(TextFormat.right(TextFormat.count(count), cell - 1), x: x, y: rect.y + 1, role: .dim)
            canvas.put(TextFormat.right(labels[index], cell - 1), x: x, y: rect.y + 4, role: .column)
        }
    }

    private static func bound(_ ms: Double) -> String { TextFormat.millis(TextFormat.bounded(ms)) }
}
