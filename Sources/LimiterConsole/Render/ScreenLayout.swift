/// Where each panel goes for a terminal size: pure arithmetic, tested through snapshots.
///
/// Rows from top: header, groups (title, column heads, one row per group), tasks and
/// alerts side by side, events, the replay timeline (replay only), footer. Groups get the
/// rows they need while at least ``minimumLower`` rows remain below; then the table
/// scrolls. Tasks/alerts take what they list, up to half the rest; events fill the rest.
struct ScreenLayout: Hashable, Sendable {
    /// Smallest usable terminal.
    static let minimum = TerminalSize(columns: 80, rows: 24)
    /// Largest area used; a bigger terminal shows the console in its top-left corner.
    static let maximum = TerminalSize(columns: 250, rows: 70)
    /// Rows kept for tasks, alerts and events.
    static let minimumLower = 7

    var header: Rect
    var groups: Rect
    var tasks: Rect
    var alerts: Rect
    var events: Rect
    var timeline: Rect?
    var footer: Rect

    /// The fleet's host bar, under the header (nil without a fleet).
    var hostBar: Rect?

    init(size: TerminalSize, groupCount: Int, taskCount: Int, alertCount: Int, replay: Bool, fleet: Bool = false) {
        let width = min(size.columns, Self.maximum.columns)
        let height = min(size.rows, Self.maximum.rows)
        header = Rect(x: 0, y: 0, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        let timelineRows = replay ? 2 : 0
        timeline = replay ? Rect(x: 0, y: height - 1 - timelineRows, width: width, height: timelineRows) : nil
        hostBar = fleet ? Rect(x: 0, y: 1, width: width, height: 1) : nil
        let top = fleet ? 2 : 1
        let available = height - 1 - top - timelineRows
        let groupRows = min(2 + max(1, groupCount), available - Self.minimumLower)
        groups = Rect(x: 0, y: top, width: width, height: groupRows)
        let lower = available - groupRows
        let listed = max(taskCount, alertCount, 1)
        let middleRows = max(3, min(1 + listed, lower / 2))
        let tasksWidth = width * 9 / 20
        tasks = Rect(x: 0, y: groups.maxY, width: tasksWidth, height: middleRows)
        alerts = Rect(x: tasksWidth, y: groups.maxY, width: width - tasksWidth, height: middleRows)
        events = Rect(x: 0, y: tasks.maxY, width: width, height: lower - middleRows)
    }

    /// Whether `size` is big enough for the console.
    static func fits(_ size: TerminalSize) -> Bool {
        size.columns >= minimum.columns && size.rows >= minimum.rows
    }
}
