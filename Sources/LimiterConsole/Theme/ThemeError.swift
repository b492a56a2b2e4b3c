/// A theme that could not be loaded, naming the file and, when it applies, the line.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Hashable, Sendable {
        /// A line is not `role = value`, names an unknown role, or holds a bad value.
        case malformed
        /// No theme of that name or path exists.
        case notFound
        /// The file exists but could not be read.
        case unreadable
    }

    /// What went wrong.
    public var code: Code
    /// The file (or the name asked for, for ``Code/notFound``).
    public var file: String
    /// The 1-based line, for ``Code/malformed``.
    public var line: Int?
    /// A human sentence.
    public var message: String

    /// `file:line: message`, as compilers print it.
    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }

    static func malformed(_ file: String, line: Int, _ message: String) -> Self {
        ThemeError(code: .malformed, file: file, line: line, message: message)
    }

    static func notFound(_ name: String, available: [String]) -> Self {
        ThemeError(code: .notFound, file: name,
                   message: "no such theme (available: \(available.joined(separator: ", ")))")
    }

    static func unreadable(_ file: String) -> Self {
        ThemeError(code: .unreadable, file: file, message: "cannot read the file")
    }
}
