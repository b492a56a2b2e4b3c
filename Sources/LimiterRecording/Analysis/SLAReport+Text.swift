import Foundation

extension SLAReport {
    /// The table `replay --sla` prints: target, measured value and PASS/FAIL per line.
    public func render() -> String {
        let rows = [["sla", "target", "actual", "result"]] + lines.map { line in
            let unit = line.name.hasSuffix("_ms") ? " ms" : line.name.hasSuffix("_mb") ? " MB" : " %"
            let digits = unit == " %" ? 2 : 1
            return [line.name, (line.higherIsBetter ? "≥ " : "≤ ") + Self.number(line.target, 2) + unit,
                    line.actual.map { Self.number($0, digits) + unit } ?? "no data", line.passed ? "PASS" : "FAIL"]
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = rows.map { row in
            row.enumerated().map { i, cell in
                i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }
        text.append("")
        text.append("overall    \(passed ? "PASS" : "FAIL") (\(lines.count { $0.passed })/\(lines.count) lines, \(frames) frames)")
        return text.joined(separator: "\n")
    }

    /// `value` with at most `digits` decimals, trailing zeros dropped.
    static func number(_ value: Double, _ digits: Int) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
