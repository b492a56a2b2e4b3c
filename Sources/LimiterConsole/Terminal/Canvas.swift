/// One character cell: a glyph and the semantic role it is drawn in.
public struct Cell: Hashable, Sendable {
    /// The glyph (always one column wide).
    public var character: Character
    /// The theme role that colours it.
    public var role: Role

    /// A cell showing `character` in `role`.
    public init(_ character: Character = " ", role: Role = .normal) {
        self.character = character
        self.role = role
    }
}

/// A grid of cells: what the renderer draws and a ``TerminalDriver`` presents.
///
/// Drawing clips silently at the edges, so layout code never has to check bounds.
/// Every glyph is assumed to take one column (the console draws ASCII, box-drawing and
/// block characters only; other text is sanitised by ``Canvas/put(_:x:y:role:width:)``).
public struct Canvas: Hashable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]

    /// A blank canvas in `role`.
    public init(width: Int, height: Int, role: Role = .normal) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(role: role), count: self.width * self.height)
    }

    /// The cell at column `x`, row `y` (both in range).
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from column `x` on row `y`, at most `width` columns; returns the next column.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, width limit: Int = .max) -> Int {
        guard y >= 0, y < height else { return x }
        var column = x
        let end = min(width, limit == .max ? width : x + max(0, limit))
        for character in text {
            if column >= end { break }
            if column >= 0 {
                let printable = character.isASCII && (character.asciiValue! < 32 || character.asciiValue! == 127)
                cells[y * width + column] = Cell(printable ? " " : character, role: role)
            }
            column += 1
        }
        return column
    }

    /// Fills `count` cells of row `y` from column `x` with `character`.
    public mutating func fill(x: Int, y: Int, count: Int, character: Character = " ", role: Role) {
        guard y >= 0, y < height, count > 0 else { return }
        for column in max(0, x)..<min(width, x + count) { cells[y * width + column] = Cell(character, role: role) }
    }

    /// Fills a rectangle with blanks in `role`.
    public mutating func clear(_ rect: Rect, role: Role = .normal) {
        for row in rect.y..<(rect.y + rect.height) { fill(x: rect.x, y: row, count: rect.width, role: role) }
    }

    /// Changes the role of `count` cells of row `y` from column `x`, keeping their glyphs.
    public mutating func restyle(x: Int, y: Int, count: Int, role: Role) {
        guard y >= 0, y < height, count > 0 else { return }
        for column in max(0, x)..<min(width, x + count) { cells[y * width + column].role = role }
    }

    /// Replaces every non-ASCII glyph (arrows in event texts, names from a feed) for ASCII-only terminals.
    public mutating func asciify() {
        for index in cells.indices where !cells[index].character.isASCII {
            cells[index].character = cells[index].character == "→" ? ">" : "?"
        }
    }

    /// The glyphs of row `y` as a string, trailing spaces kept.
    public func line(_ y: Int) -> String { String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }

    /// Every row, trailing spaces trimmed, joined with newlines: the form snapshot tests compare.
    public var text: String {
        (0..<height).map { String(line($0).reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    /// First column.
    public var x: Int
    /// First row.
    public var y: Int
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// A rectangle at (`x`, `y`) of `width` × `height` cells.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The last row + 1.
    public var maxY: Int { y + height }
    /// The last column + 1.
    public var maxX: Int { x + width }
}
