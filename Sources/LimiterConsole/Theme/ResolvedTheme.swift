/// A role's look in the terminal's own terms: colour numbers for one ``ColorDepth``.
public struct TerminalStyle: Hashable, Sendable, CustomStringConvertible {
    /// Foreground colour number (-1: the terminal's default).
    public var foreground: Int
    /// Background colour number (-1: the terminal's default).
    public var background: Int
    /// Attributes.
    public var attributes: TextAttributes

    /// A style of colour numbers (-1: default) and attributes.
    public init(foreground: Int, background: Int, attributes: TextAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// `fg 75 bg - bold`: how snapshots print a style.
    public var description: String {
        let names = TextAttributes.names.filter { attributes.contains($0.1) }.map(\.0)
        func color(_ c: Int) -> String { c < 0 ? "-" : String(c) }
        return (["fg \(color(foreground)) bg \(color(background))"] + names).joined(separator: " ")
    }
}

/// A ``Theme`` turned into terminal colours for one colour depth.
///
/// 24-bit colours become the nearest of the 256-colour palette or of the 8 ANSI colours;
/// at ``ColorDepth/none`` only attributes remain, taken from the mono theme so that
/// warnings and criticals stay distinct without colour.
public struct ResolvedTheme: Hashable, Sendable {
    /// The theme's name.
    public let name: String
    /// The depth colours were resolved for.
    public let depth: ColorDepth
    /// One style per role.
    public let styles: [Role: TerminalStyle]

    /// Resolves `theme` for `depth`; `mono` supplies the attributes when there is no colour.
    public init(_ theme: Theme, depth: ColorDepth, mono: Theme = ThemeLibrary.builtInMono) {
        name = theme.name
        self.depth = depth
        var styles: [Role: TerminalStyle] = [:]
        for role in Role.allCases {
            let style = depth == .none ? mono[role] : theme[role]
            styles[role] = TerminalStyle(foreground: Self.number(style.foreground, depth: depth),
                                         background: Self.number(style.background, depth: depth),
                                         attributes: style.attributes)
        }
        self.styles = styles
    }

    /// The style of `role`.
    public subscript(role: Role) -> TerminalStyle { styles[role]! }

    /// The terminal's number for `color` at `depth` (-1: default colour).
    static func number(_ color: ThemeColor, depth: ColorDepth) -> Int {
        switch (color, depth) {
        case (.terminalDefault, _), (_, .none): return -1
        case (.indexed(let index), .truecolor): return XtermPalette.packed(XtermPalette.rgb(index))
        case (.indexed(let index), .ansi256): return index
        case (.indexed(let index), .ansi8):
            return index < 16 ? index % 8 : XtermPalette.nearest(XtermPalette.rgb(index), in: 0..<8)
        case (.rgb(let r, let g, let b), .truecolor): return XtermPalette.packed((r, g, b))
        case (.rgb(let r, let g, let b), .ansi256): return XtermPalette.nearest((r, g, b), in: 16..<256)
        case (.rgb(let r, let g, let b), .ansi8): return XtermPalette.nearest((r, g, b), in: 0..<8)
        }
    }
}

/// The xterm palette, for converting between indices and 24-bit colours.
enum XtermPalette {
    typealias RGB = (UInt8, UInt8, UInt8)

    static let base: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour of palette entry `index`.
    static func rgb(_ index: Int) -> RGB {
        switch index {
        case ..<16: return base[max(0, index)]
        case 16..<232:
            let i = index - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let level = UInt8(8 + 10 * (min(index, 255) - 232))
            return (level, level, level)
        }
    }

    /// The palette entry in `range` closest to `color`.
    static func nearest(_ color: RGB, in range: Range<Int>) -> Int {
        func distance(_ other: RGB) -> Int {
            let dr = Int(color.0) - Int(other.0), dg = Int(color.1) - Int(other.1), db = Int(color.2) - Int(other.2)
            return dr * dr + dg * dg + db * db
        }
        return range.min { distance(rgb($0)) < distance(rgb($1)) }!
    }

    /// A direct-colour number, `0xRRGGBB`.
    static func packed(_ color: RGB) -> Int { Int(color.0) << 16 | Int(color.1) << 8 | Int(color.2) }
}
