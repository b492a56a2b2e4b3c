/// A failure while a command runs (not a usage mistake): ArgumentParser prints `Error: <message>`
/// on one line, without the usage text, and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
