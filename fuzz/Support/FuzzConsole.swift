@testable import LimiterConsole
import UpbitRateLimit

/// The console on an in-memory terminal, as fuzz targets drive it: frames and keys in,
/// a full render at two sizes out. Anything but a trap is a pass.
enum FuzzConsole {
    static let renderer = ScreenRenderer(glyphs: .unicode, format: TextFormat(zone: .utc))
    static let asciiRenderer = ScreenRenderer(glyphs: .ascii, format: TextFormat(zone: .utc))
    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 250, rows: 70)]

    /// Shows `update` and renders the screen with every overlay.
    static func show(_ update: StatusUpdate, in state: inout ConsoleState) {
        state.receive(update)
        render(state)
    }

    /// Renders `state` at both sizes, plain and with each overlay.
    static func render(_ state: ConsoleState) {
        var state = state
        for overlay in [nil, .help, .emergency(choice: 0), .resetRecovery(group: GroupID("ticker"), allGroups: false),
                        Overlay.jump(text: "+5m")] as [Overlay?] {
            state.overlay = overlay
            _ = renderer.render(state, size: sizes[overlay == nil ? 1 : 0])
        }
        _ = asciiRenderer.render(state, size: sizes[0])
    }
}
