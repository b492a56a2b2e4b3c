/// A configuration input (limit table, theme, rule file, environment value) was rejected.
///
/// The message names the input (file and key, or variable) and what was wrong with it.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem was found.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case unreadableFile, malformed, invalidValue }
        private let base: Base
        public static let unreadableFile = Code(base: .unreadableFile)
        public static let malformed = Code(base: .malformed)
        public static let invalidValue = Code(base: .invalidValue)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// A one-line reason for a `DecodingError`, with the coding path of the offending key.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : "at '\(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)': "
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return path(c) + c.debugDescription
        case .keyNotFound(let key, let c):
            return path(c) + "missing key '\(key.stringValue)'"
        @unknown default:
            return String(describing: error)
        }
    }
}
