/// Reads the `themes/*.theme` format.
///
/// ```
/// # comment
/// role = [colour] [on colour] [bold] [dim] [underline] [reverse]
/// ```
/// A colour is `#rrggbb`, a palette index `0`–`255`, a name (`black`, `red`, `green`,
/// `yellow`, `blue`, `magenta`, `cyan`, `white`, each also as `bright-…`) or `default`.
/// An empty value means the terminal's default colours. Roles are ``Role`` raw values.
public enum ThemeParser {
    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `text`, the contents of `file`, into the theme `name`.
    public static func parse(_ text: String, name: String, file: String) throws(ThemeError) -> Theme {
        var styles: [Role: RoleStyle] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformed(file, line: lineNumber, "expected 'role = value', found '\(line)'")
            }
            let key = line[..<equals].trimmingWhitespace()
            guard let role = Role(rawValue: key) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: " ")
                throw .malformed(file, line: lineNumber, "unknown role '\(key)' (roles: \(known))")
            }
            if styles[role] != nil { throw .malformed(file, line: lineNumber, "role '\(key)' is set twice") }
            let value = line[line.index(after: equals)...].trimmingWhitespace()
            do throws(ValueError) {
                styles[role] = try style(value)
            } catch {
                throw .malformed(file, line: lineNumber, "\(error.message) in '\(key) = \(value)'")
            }
        }
        return Theme(name: name, origin: file, styles: styles)
    }

    struct ValueError: Error { var message: String }

    static func style(_ value: String) throws(ValueError) -> RoleStyle {
        var style = RoleStyle()
        var foregroundSet = false
        var words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
        while let word = words.popFirst() {
            if let attribute = TextAttributes.names.first(where: { $0.0 == word.lowercased() }) {
                style.attributes.insert(attribute.1)
            } else if word.lowercased() == "on" {
                guard let next = words.popFirst() else { throw ValueError(message: "'on' without a background colour") }
                style.background = try color(next)
            } else if !foregroundSet {
                style.foreground = try color(word)
                foregroundSet = true
            } else {
                throw ValueError(message: "unexpected '\(word)' (one foreground colour, then 'on COLOUR' and attributes)")
            }
        }
        return style
    }

    static func color(_ word: String) throws(ValueError) -> ThemeColor {
        let lower = word.lowercased()
        if lower == "default" { return .terminalDefault }
        if lower.hasPrefix("#") {
            let hex = lower.dropFirst()
            guard hex.count == 6, let value = UInt32(hex, radix: 16) else {
                throw ValueError(message: "bad colour '\(word)' (expected #rrggbb)")
            }
            return .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
        if let index = Int(lower) {
            guard (0...255).contains(index) else { throw ValueError(message: "colour index \(index) is not in 0–255") }
            return .indexed(index)
        }
        let bright = lower.hasPrefix("bright-")
        if let base = colorNames.firstIndex(of: bright ? String(lower.dropFirst(7)) : lower) {
            return .indexed(base + (bright ? 8 : 0))
        }
        throw ValueError(message: "bad colour '\(word)' (use #rrggbb, 0–255, a colour name or 'default')")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
