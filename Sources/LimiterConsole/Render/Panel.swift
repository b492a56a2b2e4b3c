/// Drawing helpers shared by every panel: titled rules and framed boxes.
enum Panel {
    /// `─ Title ───────── info ─` across `width` cells.
    static func rule(_ canvas: inout Canvas, x: Int, y: Int, width: Int, title: String, info: String = "",
                     glyphs: Glyphs) {
        canvas.fill(x: x, y: y, count: width, character: glyphs.horizontal, role: .border)
        let titleEnd = canvas.put(" \(title) ", x: x + 1, y: y, role: .title, width: width - 2)
        guard !info.isEmpty else { return }
        let room = x + width - 2 - titleEnd - 2
        guard room >= 8 else { return }
        let text = " " + TextFormat.clip(info, room, ellipsis: glyphs.ellipsis) + " "
        canvas.put(text, x: x + width - 1 - text.count, y: y, role: .dim)
    }

    /// A framed box with `title` in its top edge, its inside cleared in `role`.
    static func box(_ canvas: inout Canvas, _ rect: Rect, title: String, role: Role, glyphs: Glyphs) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        canvas.clear(rect, role: role)
        let c = glyphs.corners
        canvas.fill(x: rect.x, y: rect.y, count: rect.width, character: glyphs.horizontal, role: .border)
        canvas.fill(x: rect.x, y: rect.maxY - 1, count: rect.width, character: glyphs.horizontal, role: .border)
        for y in rect.y..<rect.maxY {
            canvas.put(String(glyphs.vertical), x: rect.x, y: y, role: .border)
            canvas.put(String(glyphs.vertical), x: rect.maxX - 1, y: y, role: .border)
        }
        canvas.put(String(c[0]), x: rect.x, y: rect.y, role: .border)
        canvas.put(String(c[1]), x: rect.maxX - 1, y: rect.y, role: .border)
        canvas.put(String(c[2]), x: rect.x, y: rect.maxY - 1, role: .border)
        canvas.put(String(c[3]), x: rect.maxX - 1, y: rect.maxY - 1, role: .border)
        canvas.put(" \(title) ", x: rect.x + 2, y: rect.y, role: .title, width: rect.width - 4)
    }

    /// A rectangle of `width` × `height` centred in `area`.
    static func centered(width: Int, height: Int, in area: TerminalSize) -> Rect {
        let w = min(width, area.columns), h = min(height, area.rows)
        return Rect(x: (area.columns - w) / 2, y: (area.rows - h) / 2, width: w, height: h)
    }
}
