import Foundation
import UpbitRateLimit

/// The detail view's four charts over the group's per-second samples: queue depth,
/// grants/s against the rate in force, wait p50/p95, rate ratio.
struct DetailCharts {
    let samples: [GroupSample]
    let glyphs: Glyphs

    /// Draws the queue and grants charts on the top row, wait and ratio on the bottom row.
    func draw(_ canvas: inout Canvas, top left: Rect, _ right: Rect, bottom lowerLeft: Rect, _ lowerRight: Rect) {
        let width = Chart.plotWidth(left)
        // At least two minutes across, whole seconds per column.
        let perColumn = max(1, Int((120.0 / Double(width)).rounded(.up)))
        func columns(_ value: (GroupSample) -> Double, _ combine: ([Double]) -> Double) -> [Double?] {
            guard let end = samples.last?.second else { return [] }
            var buckets = [[Double]](repeating: [], count: width)
            for sample in samples {
                let index = width - 1 - Int((end - sample.second) / Double(perColumn))
                if index >= 0, index < width { buckets[index].append(value(sample)) }
            }
            return buckets.map { $0.isEmpty ? nil : combine($0) }
        }
        let maximum: ([Double]) -> Double = { $0.max() ?? 0 }
        let mean: ([Double]) -> Double = { $0.reduce(0, +) / Double(max(1, $0.count)) }
        let minimum: ([Double]) -> Double = { $0.min() ?? 0 }
        let count: (Double) -> String = { $0 >= 1000 ? TextFormat.count(UInt64(TextFormat.bounded($0))) : Self.short($0) }
        Chart(title: "Queue depth", label: count, series: [.init(values: columns({ Double($0.queue) }, maximum),
                                                                   role: .sparkline)],
              secondsPerColumn: perColumn).draw(&canvas, in: left, glyphs: glyphs)
        Chart(title: "Grants/s vs limit", label: count,
              series: [.init(values: columns(\.grantsPerSecond, mean), role: .gauge)],
              limit: columns(\.limitPerSecond, minimum), secondsPerColumn: perColumn)
            .draw(&canvas, in: right, glyphs: glyphs)
        Chart(title: "Wait p95/p50", label: { TextFormat.millis(TextFormat.bounded($0)) },
              series: [.init(values: columns(\.waitP95, maximum), role: .warn),
                       .init(values: columns(\.waitP50, maximum), role: .sparkline)],
              secondsPerColumn: perColumn).draw(&canvas, in: lowerLeft, glyphs: glyphs)
        Chart(title: "Rate ratio", label: TextFormat.share,
              series: [.init(values: columns(\.ratio, minimum), role: .gauge)], secondsPerColumn: perColumn)
            .draw(&canvas, in: lowerRight, glyphs: glyphs)
    }

    /// `0.5`, `12`, `140`: a value for an axis label.
    static func short(_ value: Double) -> String {
        let value = TextFormat.bounded(value)
        return value < 10 && value != value.rounded() ? String(format: "%.1f", value) : "\(Int(value.rounded()))"
    }
}
