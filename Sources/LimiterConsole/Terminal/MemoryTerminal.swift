/// An in-memory ``TerminalDriver`` for tests: keeps what was presented, replays scripted keys.
public final class MemoryTerminal: TerminalDriver {
    /// The size the console sees.
    public var size: TerminalSize
    /// The colour depth the console sees.
    public var colorDepth: ColorDepth
    /// Whether Unicode glyphs are allowed.
    public var supportsUnicode: Bool
    /// The theme in force.
    public private(set) var theme: ResolvedTheme?
    /// The last canvas presented.
    public private(set) var screen: Canvas
    /// How many cells changed over all presents: what a real terminal would have had to rewrite.
    public private(set) var cellsWritten = 0
    /// Keys ``readKey(timeoutMilliseconds:)`` will return, first first.
    public var pendingKeys: [Key] = []

    /// A terminal of `size` with `colorDepth` colours.
    public init(size: TerminalSize = .init(columns: 80, rows: 24), colorDepth: ColorDepth = .ansi256,
                supportsUnicode: Bool = true) {
        self.size = size
        self.colorDepth = colorDepth
        self.supportsUnicode = supportsUnicode
        screen = Canvas(width: size.columns, height: size.rows)
    }

    public func apply(_ theme: ResolvedTheme) {
        self.theme = theme
        screen = Canvas(width: 0, height: 0)
    }

    public func present(_ canvas: Canvas) {
        if canvas.width == screen.width, canvas.height == screen.height {
            cellsWritten += zip(canvas.cells, screen.cells).count { $0 != $1 }
        } else {
            cellsWritten += canvas.cells.count
        }
        screen = canvas
    }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        pendingKeys.isEmpty ? nil : pendingKeys.removeFirst()
    }

    /// The screen's text followed by a style map: each cell as a letter naming its resolved
    /// style, and a legend of the letters. Snapshot tests compare this.
    public var styledSnapshot: String {
        guard let theme else { return screen.text }
        var letters: [TerminalStyle: Character] = [:]
        var legend: [String] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var map: [String] = []
        for y in 0..<screen.height {
            var row = ""
            for x in 0..<screen.width {
                let style = theme[screen[x, y].role]
                if letters[style] == nil {
                    let letter = alphabet[min(letters.count, alphabet.count - 1)]
                    letters[style] = letter
                    legend.append("\(letter) = \(style)")
                }
                row.append(letters[style]!)
            }
            map.append(row)
        }
        return ([screen.text, "--- styles"] + map + ["--- legend"] + legend).joined(separator: "\n")
    }
}
