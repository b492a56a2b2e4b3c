/// A colour as a theme file writes it.
public enum ThemeColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// An xterm palette index, 0–255.
    case indexed(Int)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes that work without colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    /// An attribute set from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Bold or bright.
    public static let bold = TextAttributes(rawValue: 1)
    /// Half-bright.
    public static let dim = TextAttributes(rawValue: 2)
    /// Underlined.
    public static let underline = TextAttributes(rawValue: 4)
    /// Foreground and background swapped.
    public static let reverse = TextAttributes(rawValue: 8)
    /// Names as theme files write them.
    static let names: [(String, TextAttributes)] = [("bold", .bold), ("dim", .dim), ("underline", .underline),
                                                    ("reverse", .reverse)]
}

/// How one ``Role`` looks.
public struct RoleStyle: Hashable, Sendable {
    /// Text colour.
    public var foreground: ThemeColor
    /// Cell background.
    public var background: ThemeColor
    /// Attributes, kept at every colour depth.
    public var attributes: TextAttributes

    /// A style; the defaults are the terminal's own colours and no attributes.
    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A named set of role styles, loaded from a `themes/*.theme` file.
///
/// Roles the file does not set look like `normal`.
public struct Theme: Hashable, Sendable {
    /// The theme's name (its file name without `.theme`).
    public var name: String
    /// Where it was loaded from (a path, or `built-in`).
    public var origin: String
    /// The styles the file set.
    public var styles: [Role: RoleStyle]

    /// A theme named `name` with `styles`.
    public init(name: String, origin: String, styles: [Role: RoleStyle]) {
        self.name = name
        self.origin = origin
        self.styles = styles
    }

    /// The style of `role`, or `normal`'s when the theme does not set it.
    public subscript(role: Role) -> RoleStyle { styles[role] ?? styles[.normal] ?? RoleStyle() }
}
