/// Why the console could not start.
public struct ConsoleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Hashable, Sendable {
        /// Standard input or output is not a terminal.
        case notATerminal
        /// ncurses could not start on this terminal type.
        case terminalSetup
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence.
    public var message: String

    public var description: String { message }

    static func notATerminal() -> Self {
        ConsoleError(code: .notATerminal, message: "the console needs a terminal (stdin and stdout are not one)")
    }

    static func terminalSetup(_ term: String) -> Self {
        ConsoleError(code: .terminalSetup, message: "cannot start the console on terminal type '\(term)' (check TERM)")
    }
}
