/// The size of a terminal in character cells.
public struct TerminalSize: Hashable, Sendable {
    /// Columns.
    public var columns: Int
    /// Rows.
    public var rows: Int

    /// A size of `columns` × `rows`.
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

/// Where the console draws and reads keys: ncurses in production, memory in tests.
///
/// The console renders a whole ``Canvas`` of semantic roles; the driver turns roles into
/// colours with the ``ResolvedTheme`` it was given and writes only what changed.
/// Drivers are used from one thread only.
public protocol TerminalDriver: AnyObject {
    /// The current size.
    var size: TerminalSize { get }
    /// How many colours the terminal can show (after `NO_COLOR` and `--no-color`).
    var colorDepth: ColorDepth { get }
    /// Whether Unicode glyphs can be shown.
    var supportsUnicode: Bool { get }
    /// Uses `theme` for every following ``present(_:)``; the next present redraws everything.
    func apply(_ theme: ResolvedTheme)
    /// Shows `canvas`, writing only the cells that differ from the last one presented.
    func present(_ canvas: Canvas)
    /// The next key, waiting at most `timeoutMilliseconds` (0: do not wait); nil when none came.
    func readKey(timeoutMilliseconds: Int) -> Key?
}
