import ArgumentParser

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "(being built)")
    func run() async throws { throw ValidationError("'console' is being built") }
}
