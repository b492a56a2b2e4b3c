/// A key press or terminal event, decoded from the driver's input.
public enum Key: Hashable, Sendable {
    /// A printable character (case-sensitive: `e` and `E` differ).
    case character(Character)
    /// Cursor and editing keys.
    case up, down, left, right, pageUp, pageDown, home, end, insert, delete
    case enter, escape, tab, backspace
    /// Function key F`n`.
    case function(Int)
    /// The terminal changed size.
    case resize
}

extension Key: CustomStringConvertible {
    /// How help texts and tests name the key.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(let c): String(c)
        case .function(let n): "F\(n)"
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .insert: "Insert"
        case .delete: "Delete"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backspace: "Backspace"
        case .resize: "resize"
        }
    }
}
