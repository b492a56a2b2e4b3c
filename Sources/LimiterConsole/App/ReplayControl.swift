/// The replay player as the console drives it; the executable adapts `LimiterRecording`'s player.
public protocol ReplayControl: Sendable {
    /// Carries out a replay key; throws an error whose description the footer shows.
    func perform(_ command: ReplayCommand) throws
    /// Where the replay stands now.
    var status: ReplayStatus { get }
}
