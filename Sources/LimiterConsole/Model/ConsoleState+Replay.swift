extension ConsoleState {
    /// The replay command a key stands for in replay mode (atop-like keys), if any.
    func replayCommand(for key: Key) -> ReplayCommand? {
        switch key {
        case .character(" "), .character("z"): .togglePause
        case .character("+"), .character("="): .faster
        case .character("-"): .slower
        case .character("t"): .step(1)
        case .character("T"): .step(-1)
        case .right: .seek(seconds: 10)
        case .left: .seek(seconds: -10)
        case .character("b"): .jump("")
        case .character("n"): .mark(forward: true)
        case .character("N"): .mark(forward: false)
        case .character("r"): .rewind
        case .character("Z"): .end
        default: nil
        }
    }

    mutating func pressInJumpPrompt(_ key: Key, text: String, now: Double) -> [ConsoleEffect] {
        switch key {
        case .escape:
            overlay = nil
        case .backspace:
            overlay = .jump(text: String(text.dropLast()))
        case .enter:
            overlay = nil
            return text.isEmpty ? [] : [.replay(.jump(text))]
        case .character(let c) where text.count < 16 && (c.isNumber || "+-: smhUTCZ".contains(c)):
            overlay = .jump(text: text + String(c))
        default:
            break
        }
        return []
    }
}
