extension Panel {
    /// The replay timeline: play state, speed, position and duration, then a bar with the
    /// marks and the current position.
    static func timeline(_ canvas: inout Canvas, _ rect: Rect, replay: ReplayStatus, format: TextFormat,
                         glyphs: Glyphs) {
        canvas.fill(x: rect.x, y: rect.y, count: rect.width, role: .timeline)
        let speed = replay.speed >= 1 ? "\(TextFormat.whole(replay.speed, .down).map(String.init) ?? TextFormat.garbage)x"
            : "\(replay.speed)x"
        let duration = max(0, replay.end - replay.start)
        var text = " \(replay.paused ? "PAUSED" : "PLAYING") \(speed)  \(format.dateTime(replay.position))"
        text += "  +\(TextFormat.span(replay.position - replay.start)) of \(TextFormat.span(duration))"
        text += "  \(replay.marks.count) marks"
        if replay.skippedLines > 0 { text += "  \(replay.skippedLines) corrupt lines skipped" }
        if replay.endedEarly { text += "  file ended early" }
        canvas.put(text, x: rect.x, y: rect.y, role: .timeline, width: rect.width)

        let y = rect.y + 1
        let width = rect.width - 2
        guard width > 0 else { return }
        func column(_ t: Double) -> Int {
            guard duration > 0, let column = TextFormat.whole((t - replay.start) / duration * Double(width - 1)) else {
                return 0
            }
            return min(width - 1, max(0, column))
        }
        let here = column(replay.position)
        canvas.fill(x: rect.x + 1, y: y, count: here, character: glyphs.horizontal, role: .accent)
        canvas.fill(x: rect.x + 1 + here, y: y, count: width - here, character: glyphs.horizontal, role: .border)
        for mark in replay.marks {
            canvas.put(String(glyphs.vertical), x: rect.x + 1 + column(mark.t), y: y, role: .mark)
        }
        canvas.put(String(glyphs.cursor), x: rect.x + 1 + here, y: y, role: .accent)
    }
}
