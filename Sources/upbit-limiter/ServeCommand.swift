import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "(being built)")
    func run() async throws { throw ValidationError("'serve' is being built") }
}
