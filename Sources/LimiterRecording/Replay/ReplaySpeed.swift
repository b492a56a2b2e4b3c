/// Replay speeds: 0.25× to 64×, doubling.
public enum ReplaySpeed {
    /// The speeds `+` and `-` step through.
    public static let steps: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]

    /// The next step above `speed` (the fastest stays).
    public static func faster(than speed: Double) -> Double { steps.first { $0 > speed } ?? steps.last! }
    /// The next step below `speed` (the slowest stays).
    public static func slower(than speed: Double) -> Double { steps.last { $0 < speed } ?? steps.first! }
    /// `speed` within the range of the steps.
    static func clamp(_ speed: Double) -> Double {
        speed.isFinite ? min(max(speed, steps.first!), steps.last!) : 1
    }
}
