/// What a piece of the screen means; a ``Theme`` says how each role looks.
///
/// Raw values are the keys of `themes/*.theme` files.
public enum Role: String, Hashable, Sendable, CaseIterable {
    /// Ordinary text.
    case normal
    /// Secondary text: units, idle values, hints.
    case dim
    /// Things to look at first: the selected group's name, key letters.
    case accent
    /// Panel rules and dialog frames.
    case border
    /// Panel titles.
    case title
    /// The header bar.
    case header
    /// Column headings of tables.
    case column
    /// Healthy state: closed circuits, live tasks.
    case ok
    /// Needs attention: rate cuts, 429s, half-open circuits.
    case warn
    /// Act now: 418 blocks, open circuits, dead tasks, emergency mode.
    case critical
    /// Alert levels, most to least urgent.
    case p0, p1, p2, p3
    /// The filled part of a gauge.
    case gauge
    /// The empty part of a gauge.
    case gaugeEmpty = "gauge_empty"
    /// Queue-depth history.
    case sparkline
    /// The selected table row.
    case selection
    /// Key letters in the footer and help.
    case key
    /// Dialog and help overlay body.
    case dialog
    /// The replay timeline bar.
    case timeline
    /// Marks on the timeline (alerts, operator actions).
    case mark
}
