import ArgumentParser

/// The one executable: every job is a subcommand, `console` the default.
@main
struct UpbitLimiter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upbit-limiter",
        abstract: "Keeps trading bots inside Upbit's request limits, and shows it live.",
        subcommands: [ConsoleCommand.self, ServeCommand.self, EmulateCommand.self, ReplayCommand.self, BenchCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}
