/// The characters the console draws with: Unicode blocks and box lines, or plain ASCII
/// (`--ascii`, or a locale that is not UTF-8).
public struct Glyphs: Hashable, Sendable {
    /// Sparkline levels, lowest first.
    public var spark: [Character]
    /// Gauge cell fill levels: index 0 is empty, the last is full.
    public var gauge: [Character]
    /// Horizontal and vertical rules.
    public var horizontal: Character, vertical: Character
    /// Box corners: top-left, top-right, bottom-left, bottom-right.
    public var corners: [Character]
    /// Arrows for the help text.
    public var upDown: String, leftRight: String
    /// Marks clipped text.
    public var ellipsis: Character
    /// The current position on the replay timeline.
    public var cursor: Character

    /// Block elements and box-drawing characters.
    public static let unicode = Glyphs(
        spark: Array("▁▂▃▄▅▆▇█"), gauge: Array("·▏▎▍▌▋▊▉█"), horizontal: "─", vertical: "│",
        corners: Array("┌┐└┘"), upDown: "↑↓", leftRight: "←→", ellipsis: "…", cursor: "◆")

    /// Seven-bit ASCII only.
    public static let ascii = Glyphs(
        spark: Array("_.-:=+*#"), gauge: Array(".#"), horizontal: "-", vertical: "|",
        corners: Array("++++"), upDown: "Up/Dn", leftRight: "Lt/Rt", ellipsis: "~", cursor: "@")
}
