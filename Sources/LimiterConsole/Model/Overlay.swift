import UpbitRateLimit

/// A box drawn over the main screen that takes the keys while it is open.
public enum Overlay: Hashable, Sendable {
    /// The key reference.
    case help
    /// "Switch emergency mode on?" with the duration at `choice` in ``Overlay/emergencyDurations``.
    case emergency(choice: Int)
    /// "Reset recovery?" of the selected group, or of all groups.
    case resetRecovery(group: GroupID, allGroups: Bool)
    /// The replay's "jump to" prompt, with what was typed so far.
    case jump(text: String)
    /// The `/` group filter prompt, with what was typed so far (applied as typed).
    case filter(text: String)

    /// The durations the emergency dialog offers, seconds.
    public static let emergencyDurations: [Int] = [60, 300, 900, 1800, 3600]
    /// The one it starts on (5 minutes).
    public static let defaultEmergencyChoice = 1
}
