import Foundation
import LimiterConsole
import Testing
import UpbitRateLimit

/// Snapshot tests of every screen, in the mono theme without colour and in the default
/// theme at 256 colours. Fixtures are in `Fixtures/`; `UPDATE_SNAPSHOTS=1` re-records them.
@Suite struct RenderSnapshotTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let themes = ThemeLibrary(directories: [repository.appendingPathComponent("themes").path])
    static let looks: [(name: String, theme: String, depth: ColorDepth)] = [("mono", "mono", .none),
                                                                            ("default256", "default", .ansi256)]

    /// A console that has seen a few frames, the ticker queue growing, the ticker selected.
    static func busyState(emergency: Bool = false) -> ConsoleState {
        var state = ConsoleState(sourceLabel: "embedded")
        for (index, queue) in [0, 2, 5, 9, 12, 7, 12].enumerated() {
            state.receive(.frame(SampleFrames.busy(seq: UInt64(index + 1), emergency: emergency, queue: queue)))
        }
        _ = state.press(.down, now: 0)
        _ = state.press(.down, now: 0)
        return state
    }

    func check(_ state: ConsoleState, _ name: String, size: TerminalSize = .init(columns: 80, rows: 24)) throws {
        for look in Self.looks {
            let theme = try Self.themes.load(look.theme)
            assertSnapshot(snapshot(state, size: size, theme: theme, depth: look.depth), named: "\(name)-\(look.name)")
        }
    }

    @Test func mainScreen() throws { try check(Self.busyState(), "main") }

    @Test func emergencyInHeader() throws {
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(Self.busyState(emergency: true),
                                                                    size: .init(columns: 80, rows: 24))
        #expect(screen.line(0).contains("EMERGENCY to 12:13:43 (5m00s)"))
    }

    @Test func helpOverlay() throws {
        var state = Self.busyState()
        _ = state.press(.character("?"), now: 0)
        try check(state, "help")
    }

    @Test func emergencyDialog() throws {
        var state = Self.busyState()
        _ = state.press(.character("e"), now: 0)
        _ = state.press(.right, now: 0)
        try check(state, "emergency-dialog")
    }

    @Test func resetDialog() throws {
        var state = Self.busyState()
        _ = state.press(.character("r"), now: 0)
        try check(state, "reset-dialog")
    }

    @Test func tooSmall() throws {
        try check(Self.busyState(), "too-small", size: .init(columns: 60, rows: 20))
    }

    @Test func asciiAndLarge() {
        let state = Self.busyState()
        let ascii = ScreenRenderer(glyphs: .ascii, format: .init(zone: .utc)).render(state, size: .init(columns: 80, rows: 24))
        assertSnapshot(ascii.text, named: "main-ascii")
        #expect(ascii.cells.allSatisfy { $0.character.isASCII })
        let large = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 200, rows: 60))
        assertSnapshot(large.text, named: "main-200x60")
    }

    @Test func replayTimeline() {
        let t0 = SampleFrames.t0
        var state = ConsoleState(sourceLabel: "replay night.ndjson", readOnlyReason: "replay: read-only",
                                 replay: ReplayStatus(start: t0, end: t0 + 7200, position: t0 + 3723, speed: 4,
                                                      marks: [.init(t: t0 + 3650, label: "P0 ban_418")],
                                                      skippedLines: 1))
        state.receive(.frame(SampleFrames.busy()))
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 80, rows: 24))
        assertSnapshot(screen.text, named: "replay")
    }
}
