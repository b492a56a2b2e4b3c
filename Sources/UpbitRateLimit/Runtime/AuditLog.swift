import Foundation
import Synchronization

/// An append-only record of control actions — emergency on/off, recovery resets, reloads,
/// refused tokens — one JSON line each, with time, source, before/after state and
/// correlation id. Bounded: past `maxBytes` the file is rotated (`path.1` … `path.<keep>`,
/// the oldest dropped). Created with mode 0600. `upbit-limiter replay FILE --audit` shows it.
public final class AuditLog: Sendable {
    /// One control action.
    public struct Entry: Codable, Hashable, Sendable {
        /// Wall-clock unix seconds.
        public var t: Double
        /// `emergency_on`, `emergency_off`, `reset_recovery`, `reload`, `token_refused`.
        public var action: String
        /// Who: `console`, `api:<token id>`, `signal`, `file`, `embedded`.
        public var source: String
        /// `applied`, `refused` or `failed: <reason>`.
        public var outcome: String
        /// The state the action changed, before and after it (nil: nothing changed).
        public var before: String?
        public var after: String?
        /// The caller's correlation id.
        public var correlationID: String?

        /// An entry as the runtime and the sidecar write them.
        public init(t: Double, action: String, source: String, outcome: String = "applied", before: String? = nil,
                    after: String? = nil, correlationID: String? = nil) {
            (self.t, self.action, self.source, self.outcome) = (t, action, source, outcome)
            (self.before, self.after, self.correlationID) = (before, after, correlationID)
        }

        enum CodingKeys: String, CodingKey {
            case t, action, source, outcome, before, after
            case correlationID = "correlation_id"
        }
    }

    /// The file written to.
    public let path: String
    /// The size past which the file is rotated.
    public let maxBytes: Int
    /// Rotated files kept.
    public let keep: Int
    private let handle: Mutex<FileHandle?>

    /// Opens (or creates, mode 0600) `path` for appending; the error names the path.
    public init(path: String, maxBytes: Int = 8 << 20, keep: Int = 3) throws(ConfigurationError) {
        self.path = path
        self.maxBytes = max(4096, maxBytes)
        self.keep = max(1, keep)
        handle = Mutex(try Self.open(path))
    }

    /// Appends `entry`; rotates first when the file would pass ``maxBytes``. A failed write
    /// is dropped (the action itself is never refused for its audit line).
    public func append(_ entry: Entry) {
        guard var line = try? JSONEncoder.audit.encode(entry) else { return }
        line.append(0x0A)
        handle.withLock { handle in
            if let current = handle, let size = try? current.seekToEnd(), Int(size) + line.count > maxBytes {
                try? current.close()
                rotate()
                handle = try? Self.open(path)
            }
            try? handle?.write(contentsOf: line)
        }
    }

    /// Every entry of the file at `path`, oldest first (lines that do not decode are skipped).
    public static func read(path: String) throws(ConfigurationError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .init(.unreadableFile, "\(path): cannot read the audit log")
        }
        return data.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(Entry.self, from: Data($0)) }
    }

    private func rotate() {
        let files = FileManager.default
        try? files.removeItem(atPath: "\(path).\(keep)")
        for index in stride(from: keep - 1, through: 1, by: -1) {
            try? files.moveItem(atPath: "\(path).\(index)", toPath: "\(path).\(index + 1)")
        }
        try? files.moveItem(atPath: path, toPath: "\(path).1")
    }

    private static func open(_ path: String) throws(ConfigurationError) -> FileHandle {
        if !FileManager.default.fileExists(atPath: path),
           !FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) {
            throw .init(.unreadableFile, "\(path): cannot create the audit log")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw .init(.unreadableFile, "\(path): cannot open the audit log for writing")
        }
        _ = try? handle.seekToEnd()
        return handle
    }
}

extension JSONEncoder {
    /// Sorted keys: audit lines are stable for diffs and greps.
    static let audit: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
