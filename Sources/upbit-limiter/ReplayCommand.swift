import ArgumentParser

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "(being built)")
    func run() async throws { throw ValidationError("'replay' is being built") }
}
