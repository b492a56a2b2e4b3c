/// Why a recording could not be written, opened or replayed.
///
/// The description is one line that names the file, ready to show to an operator:
/// `recording /tmp/x.ndjson: not a recording (line 1 is not a header)`.
public struct RecordingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound, unreadable, empty, notARecording, unsupportedVersion, noFrames, writeFailed, invalidTime
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file does not exist.
        public static let notFound = Code(.notFound)
        /// The file exists but could not be read (permissions, a directory, I/O error).
        public static let unreadable = Code(.unreadable)
        /// The file is empty.
        public static let empty = Code(.empty)
        /// Line 1 is not an `upbit-limiter-recording` header.
        public static let notARecording = Code(.notARecording)
        /// The header's `v` is newer than this build reads.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The file has a header but not one whole frame.
        public static let noFrames = Code(.noFrames)
        /// The recorder could not create or write the file.
        public static let writeFailed = Code(.writeFailed)
        /// A jump target (`03:12:00`, `+5m`) could not be parsed.
        public static let invalidTime = Code(.invalidTime)

        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The file (or, for ``Code/invalidTime``, the text) concerned.
    public var path: String
    /// What exactly went wrong.
    public var detail: String

    /// Creates an error of kind `code` about `path`.
    public init(_ code: Code, path: String, detail: String) {
        self.code = code
        self.path = path
        self.detail = detail
    }

    public var description: String {
        code == .invalidTime ? "invalid time '\(path)': \(detail)" : "recording \(path): \(detail)"
    }

    static func notFound(_ path: String) -> Self { .init(.notFound, path: path, detail: "no such file") }
    static func empty(_ path: String) -> Self { .init(.empty, path: path, detail: "the file is empty") }
    static func notARecording(_ path: String, _ why: String) -> Self {
        .init(.notARecording, path: path, detail: "not an upbit-limiter recording (\(why))")
    }
    static func invalidTime(_ text: String, _ why: String) -> Self { .init(.invalidTime, path: text, detail: why) }
}
