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
    /// A click or a wheel turn (terminals that report the mouse).
    case mouse(MouseEvent)
}

/// A click or wheel turn at a cell (column `x`, row `y`, from 0).
public struct MouseEvent: Hashable, Sendable {
    /// What the mouse did.
    public enum Kind: String, Hashable, Sendable { case click, wheelUp = "wheel up", wheelDown = "wheel down" }

    /// What the mouse did.
    public var kind: Kind
    /// The cell.
    public var x: Int, y: Int

    /// A `kind` event at (`x`, `y`).
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

extension Key: CustomStringConvertible {
    /// How help texts and tests name the key.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(let c): String(c)
        case .function(let n): "F\(n)"
        case .mouse(let event): "mouse \(event.kind.rawValue) at \(event.x),\(event.y)"
        default: "\(self)"
        }
    }
}
