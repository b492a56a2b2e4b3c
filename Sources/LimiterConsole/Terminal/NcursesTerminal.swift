import CNcurses
import Foundation

/// The production ``TerminalDriver``: ncurses (wide), colour pairs per role, and a diff
/// against the last canvas so only changed cells reach ncurses — which then sends only
/// what differs from the physical screen (`wnoutrefresh` + `doupdate`).
public final class NcursesTerminal: TerminalDriver {
    /// What the driver may use.
    public struct Options: Sendable {
        /// Never use colour (`--no-color`, or `NO_COLOR` set).
        public var noColor: Bool
        /// Never use Unicode glyphs (`--ascii`).
        public var ascii: Bool
        /// Where standard error goes while the screen is up (nil: discarded), so that log
        /// lines of the limiter cannot scribble over the screen.
        public var stderrPath: String?
        /// Options; the defaults use what the terminal offers.
        public init(noColor: Bool = false, ascii: Bool = false, stderrPath: String? = nil) {
            self.noColor = noColor
            self.ascii = ascii
            self.stderrPath = stderrPath
        }
    }

    public let colorDepth: ColorDepth
    public let supportsUnicode: Bool
    private let screen: OpaquePointer
    private var attributes: [Role: (attrs: attr_t, pair: Int32)] = [:]
    private var shown: Canvas?
    private var closed = false
    private let savedStderr: Int32

    /// Starts curses on the controlling terminal; throws when `TERM` is unknown or there is no terminal.
    public init(options: Options = .init()) throws(ConsoleError) {
        setlocale(LC_ALL, "")
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else { throw .notATerminal() }
        guard let screen = ul_newterm() else {
            throw .terminalSetup(ProcessInfo.processInfo.environment["TERM"] ?? "(unset)")
        }
        self.screen = screen
        savedStderr = dup(STDERR_FILENO)
        let log = open(options.stderrPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if log >= 0 {
            dup2(log, STDERR_FILENO)
            Glibc.close(log)
        }
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        keypad(ul_stdscr(), true)
        _ = ul_mouse_on()
        curs_set(0)
        set_escdelay(25)
        leaveok(ul_stdscr(), true)
        var depth = ColorDepth.none
        if !options.noColor, has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth(colors: Int(ul_colors()))
        }
        colorDepth = depth
        supportsUnicode = !options.ascii && ul_locale_is_utf8() != 0
    }

    public var size: TerminalSize {
        TerminalSize(columns: Int(ul_getmaxx(ul_stdscr())), rows: Int(ul_getmaxy(ul_stdscr())))
    }

    public func apply(_ theme: ResolvedTheme) {
        attributes.removeAll()
        for (index, role) in Role.allCases.enumerated() {
            let style = theme[role]
            var attrs = ul_a_normal()
            if style.attributes.contains(.bold) { attrs |= ul_a_bold() }
            if style.attributes.contains(.dim) { attrs |= ul_a_dim() }
            if style.attributes.contains(.underline) { attrs |= ul_a_underline() }
            if style.attributes.contains(.reverse) { attrs |= ul_a_reverse() }
            var pair: Int32 = 0
            if colorDepth != .none, style.foreground >= 0 || style.background >= 0 {
                pair = Int32(index + 1)
                init_extended_pair(pair, Int32(style.foreground), Int32(style.background))
            }
            attributes[role] = (attrs, pair)
        }
        shown = nil
    }

    public func present(_ canvas: Canvas) {
        let previous = shown.flatMap { $0.width == canvas.width && $0.height == canvas.height ? $0 : nil }
        for y in 0..<canvas.height {
            var x = 0
            while x < canvas.width {
                if let previous, previous[x, y] == canvas[x, y] {
                    x += 1
                    continue
                }
                let role = canvas[x, y].role
                var run = ""
                let start = x
                while x < canvas.width, canvas[x, y].role == role,
                      previous.map({ $0[x, y] != canvas[x, y] }) ?? true {
                    run.append(canvas[x, y].character)
                    x += 1
                }
                let style = attributes[role] ?? (ul_a_normal(), 0)
                _ = ul_attr_set(style.attrs, style.pair)
                _ = mvwaddstr(ul_stdscr(), Int32(y), Int32(start), run)
            }
        }
        shown = canvas
        wnoutrefresh(ul_stdscr())
        doupdate()
    }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        wtimeout(ul_stdscr(), Int32(timeoutMilliseconds))
        let code = wgetch(ul_stdscr())
        guard code != ERR else { return nil }
        if code == KEY_RESIZE {
            shown = nil
            clearok(ul_curscr(), true)
        }
        if code == KEY_MOUSE { return Self.mouse() }
        return Self.key(code)
    }

    /// Ends curses and gives the terminal back; safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
        delscreen(screen)
        if savedStderr >= 0 {
            dup2(savedStderr, STDERR_FILENO)
            Glibc.close(savedStderr)
        }
    }

    /// The mouse event ncurses holds after `KEY_MOUSE`, if it is a click or a wheel turn.
    static func mouse() -> Key? {
        var (x, y): (Int32, Int32) = (0, 0)
        let kind: MouseEvent.Kind
        switch ul_read_mouse(&x, &y) {
        case 1: kind = .click
        case 4: kind = .wheelUp
        case 5: kind = .wheelDown
        default: return nil
        }
        return .mouse(MouseEvent(kind, x: Int(x), y: Int(y)))
    }

    static func key(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER, 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case KEY_BACKSPACE, 127, 8: return .backspace
        case KEY_RESIZE: return .resize
        case 3: return .function(10)
        case ul_key_f(1)...ul_key_f(12): return .function(Int(code - ul_key_f(0)))
        case 32..<127: return .character(Character(Unicode.Scalar(UInt8(code))))
        default: return nil
        }
    }
}
