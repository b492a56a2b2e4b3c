/// A key press or terminal event, decoded from the driver's input.
public enum Key: Hashable, Sendable {
    /// A printable character (case-sensitive: `e` and `E` differ).
    case character(Character)
    /// Cursor and editing keys.
    case up, down, left, right, pageUp, pageDown, home, end
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
        default: "\(self)"
        }
    }
}
