/// How many colours a terminal can show; themes fall back along this scale.
public enum ColorDepth: Int, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// No colour: attributes only (`NO_COLOR`, `--no-color`, vt100).
    case none = 0
    /// The eight ANSI colours (xterm, screen, linux).
    case ansi8 = 8
    /// The xterm 256-colour palette (xterm-256color, tmux-256color).
    case ansi256 = 256
    /// Direct 24-bit colour (terminfo entries such as xterm-direct).
    case truecolor = 16_777_216

    /// The depth of a terminal that reports `colors` colours.
    public init(colors: Int) {
        self = colors >= 16_777_216 ? .truecolor : colors >= 256 ? .ansi256 : colors >= 8 ? .ansi8 : .none
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// `truecolor`, `256`, `8` or `mono`.
    public var description: String {
        switch self {
        case .none: "mono"
        case .ansi8: "8"
        case .ansi256: "256"
        case .truecolor: "truecolor"
        }
    }
}
