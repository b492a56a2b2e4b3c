import Foundation

/// A measured row of a benchmark table.
struct BenchRow {
    var name: String
    var value: String
    var target: String = ""
}

/// A plain-text table of benchmark rows.
struct BenchTable {
    var title: String
    private(set) var rows: [BenchRow] = []

    init(title: String) { self.title = title }

    mutating func add(_ row: BenchRow) { rows.append(row) }
    mutating func add(contentsOf more: [BenchRow]) { rows.append(contentsOf: more) }

    var rendered: String {
        let header = BenchRow(name: "benchmark", value: "result", target: "target")
        let all = [header] + rows
        let w0 = all.map(\.name.count).max()!, w1 = all.map(\.value.count).max()!
        func line(_ r: BenchRow) -> String {
            "| " + r.name.padding(toLength: w0, withPad: " ", startingAt: 0) + " | "
                + r.value.padding(toLength: w1, withPad: " ", startingAt: 0) + " | " + r.target + " |"
        }
        var out = [title, line(header), "|" + String(repeating: "-", count: w0 + 2) + "|" + String(repeating: "-", count: w1 + 2) + "|---|"]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

/// Writes progress where it does not mix with the table.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
