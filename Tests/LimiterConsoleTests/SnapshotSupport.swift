import Foundation
import LimiterConsole
import Testing

/// Compares `actual` with `Fixtures/NAME.txt`; writes the fixture when it is missing or
/// when `UPDATE_SNAPSHOTS=1` (then the test fails once so the change gets reviewed).
func assertSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/\(name).txt")
    let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
    guard !update, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        try? (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        Issue.record("snapshot \(name) recorded at \(url.path); run again", sourceLocation: sourceLocation)
        return
    }
    #expect(actual + "\n" == expected, "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 re-records)",
            sourceLocation: sourceLocation)
}

/// A terminal showing `state` rendered at `size` in `theme` at `depth`: text plus style map.
func snapshot(_ state: ConsoleState, size: TerminalSize = .init(columns: 80, rows: 24), theme: Theme,
              depth: ColorDepth, glyphs: Glyphs = .unicode) -> String {
    let terminal = MemoryTerminal(size: size, colorDepth: depth)
    terminal.apply(ResolvedTheme(theme, depth: depth))
    terminal.present(ScreenRenderer(glyphs: glyphs, format: TextFormat(zone: .utc)).render(state, size: size))
    return terminal.styledSnapshot
}
