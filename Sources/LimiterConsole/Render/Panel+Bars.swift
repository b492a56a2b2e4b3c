import Foundation
import UpbitRateLimit

extension Panel {
    typealias Segment = (text: String, role: Role)

    /// The shared store in the header: round trip and hosts while it answers, else how long it is failing closed.
    static func sharedStore(_ store: SharedStoreStatus) -> Segment {
        store.reachable
            ? (String(format: "store %.1f ms · %d hosts", store.roundTripMs.p50, store.hostsSeen), .ok)
            : ("STORE DOWN: fail closed " + TextFormat.span(store.failClosedS), .critical)
    }

    /// The header: product, source, uptime, emergency state, shared store, connection, frozen flag, clock.
    static func header(_ canvas: inout Canvas, _ rect: Rect, state: ConsoleState, format: TextFormat, glyphs: Glyphs) {
        canvas.fill(x: rect.x, y: rect.y, count: rect.width, role: .header)
        let bar = " \(glyphs.vertical) "
        let label = state.frame.map { $0.source.hasPrefix(state.sourceLabel) ? $0.source : nil } ?? nil
        var left: [Segment] = [(" upbit-limiter", .header), (bar + (label ?? state.sourceLabel), .header)]
        if let frame = state.frame {
            left.append((bar + "up " + TextFormat.span(frame.process.uptimeS), .header))
            left.append((bar, .header))
            if frame.emergency.active {
                let until = frame.emergency.until.map {
                    " to \(format.clock($0)) (\(TextFormat.span($0 - frame.t)))"
                } ?? ""
                left.append(("EMERGENCY" + until, .critical))
            } else {
                left.append(("emergency off", .ok))
            }
            if let store = frame.sharedStore { left.append((bar, .header)); left.append(sharedStore(store)) }
        }
        switch state.connection {
        case .live: break
        case .disconnected(let since, let reason):
            left.append((bar, .header))
            left.append(("DISCONNECTED since \(format.clock(since)): \(reason)", .critical))
        case .ended(let reason):
            left.append((bar, .header))
            left.append(("ENDED: \(reason)", .warn))
        }
        var right: [Segment] = []
        if state.frozen { right.append(("FROZEN", .warn)) }
        if let t = state.frame?.t {
            right.append((" " + (rect.width >= 110 ? format.dateTime(t) : format.clock(t)) + " ", .header))
        }
        let rightWidth = right.reduce(0) { $0 + $1.text.count }
        // Too long: shorten the connection detail (last) first, then the source label.
        for index in [left.count - 1, 1] {
            let spare = rect.width - rightWidth - 1 - left.reduce(0) { $0 + $1.text.count }
            guard spare < 0 else { break }
            left[index].text = TextFormat.clip(left[index].text, max(index == 1 ? 12 : 28, left[index].text.count + spare),
                                               ellipsis: glyphs.ellipsis)
        }
        var x = rect.x
        for segment in left {
            x = canvas.put(segment.text, x: x, y: rect.y, role: segment.role, width: rect.maxX - rightWidth - 1 - x)
        }
        x = rect.maxX - rightWidth
        for segment in right { x = canvas.put(segment.text, x: x, y: rect.y, role: segment.role) }
    }

    /// The footer: key hints, or the current message.
    static func footer(_ canvas: inout Canvas, _ rect: Rect, state: ConsoleState, glyphs: Glyphs) {
        canvas.fill(x: rect.x, y: rect.y, count: rect.width, role: .normal)
        if let message = state.message {
            canvas.put(" " + TextFormat.clip(message.text, rect.width - 2, ellipsis: glyphs.ellipsis), x: rect.x,
                       y: rect.y, role: message.role)
            return
        }
        let hints: [(String, String)] = state.view.detail
            ? [("?", "help"), ("Esc", "back"), (glyphs.upDown, "group")]
                + (state.replay != nil ? [("spc", "pause"), ("q", "quit")]
                    : [("e", "emergency"), ("r", "reset"), ("p", "freeze"), ("q", "quit")])
            : state.replay != nil
            ? [("?", "help"), ("spc", "pause"), ("+-", "speed"), ("tT", "step"), (glyphs.leftRight, "10s"),
               ("b", "jump"), ("nN", "mark"), ("r", "rewind"), ("Z", "end"), ("q", "quit")]
            : [("?", "help"), ("e", "emergency"), ("E", "off"), ("r", "reset"), (glyphs.upDown, "select"),
               ("p", "freeze"), ("q", "quit"), ("Enter", "detail"), ("/", "filter"), ("s", "sort"), ("t", "theme")]
        let disabled: Set<String> = state.readOnlyReason != nil && state.replay == nil ? ["e", "E", "r"] : []
        var x = rect.x
        for (key, label) in hints where !disabled.contains(key) {
            guard x + key.count + label.count + 4 <= rect.maxX else { break }
            x = canvas.put(key, x: x + 1, y: rect.y, role: .key)
            x = canvas.put(" " + label, x: x, y: rect.y, role: .normal) + 1
        }
        if let reason = state.readOnlyReason, state.replay == nil {
            let text = "[\(reason)]"
            canvas.put(text, x: max(x, rect.maxX - text.count - 1), y: rect.y, role: .warn)
        }
    }
}
