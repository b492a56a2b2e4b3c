/// Turns a ``ConsoleState`` into a ``Canvas`` for a terminal size: the whole screen,
/// pure and deterministic (snapshot tests call it directly).
public struct ScreenRenderer: Sendable {
    /// Unicode or ASCII glyphs.
    public var glyphs: Glyphs
    /// How times are written.
    public var format: TextFormat

    /// A renderer drawing with `glyphs`, writing times in `format`.
    public init(glyphs: Glyphs = .unicode, format: TextFormat = .init()) {
        self.glyphs = glyphs
        self.format = format
    }

    /// The smallest size the console draws in; below it shows "terminal too small".
    public static var minimumSize: TerminalSize { ScreenLayout.minimum }

    /// The screen for `state` at `size`.
    public func render(_ state: ConsoleState, size: TerminalSize) -> Canvas {
        var canvas = Canvas(width: size.columns, height: size.rows)
        guard ScreenLayout.fits(size) else {
            Panel.tooSmall(&canvas, size: size, glyphs: glyphs)
            return canvas
        }
        let frame = state.frame
        let groups = state.visibleGroups
        let layout = ScreenLayout(size: size, groupCount: groups.count, taskCount: frame?.tasks.count ?? 0,
                                  alertCount: frame?.alerts.count ?? 0, replay: state.replay != nil,
                                  fleet: state.fleet != nil)
        Panel.header(&canvas, layout.header, state: state, format: format, glyphs: glyphs)
        let body = Rect(x: 0, y: layout.groups.y, width: layout.header.width,
                        height: (layout.timeline?.y ?? layout.footer.y) - layout.groups.y)
        if let fleet = state.fleet, let bar = layout.hostBar {
            FleetView(glyphs: glyphs, format: format).hostBar(&canvas, y: bar.y, width: bar.width, fleet: fleet)
        }
        if let fleet = state.fleet, fleet.overview {
            FleetView(glyphs: glyphs, format: format).overview(&canvas, body, fleet: fleet)
        } else if state.view.detail, groups.indices.contains(state.selection) {
            DetailView(glyphs: glyphs, format: format).draw(&canvas, in: body, state: state, group: groups[state.selection])
        } else {
            GroupTable(width: layout.groups.width, glyphs: glyphs).draw(&canvas, in: layout.groups, state: state)
            Panel.tasks(&canvas, layout.tasks, frame: frame, glyphs: glyphs)
            Panel.alerts(&canvas, layout.alerts, frame: frame, format: format, glyphs: glyphs)
            Panel.events(&canvas, layout.events, state: state, format: format, glyphs: glyphs)
        }
        if let rect = layout.timeline, let replay = state.replay {
            Panel.timeline(&canvas, rect, replay: replay, format: format, glyphs: glyphs)
        }
        Panel.footer(&canvas, layout.footer, state: state, glyphs: glyphs)
        let area = TerminalSize(columns: layout.header.width, rows: layout.footer.maxY)
        switch state.overlay {
        case .help: Panel.help(&canvas, state: state, size: area, glyphs: glyphs)
        case .emergency(let choice): Panel.emergencyDialog(&canvas, choice: choice, size: area, glyphs: glyphs)
        case .resetRecovery(let group, let all):
            Panel.resetDialog(&canvas, group: group.rawValue, allGroups: all, size: area, glyphs: glyphs)
        case .jump(let text): Panel.jumpPrompt(&canvas, text: text, size: area, glyphs: glyphs)
        case .filter(let text): Panel.filterPrompt(&canvas, text: text, rect: layout.footer)
        case nil: break
        }
        if glyphs == .ascii { canvas.asciify() }
        return canvas
    }
}
