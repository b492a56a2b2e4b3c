import ArgumentParser

struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emulate", abstract: "(being built)")
    func run() async throws { throw ValidationError("'emulate' is being built") }
}
