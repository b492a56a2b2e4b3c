import Foundation

/// Finds positions in JSON text, for error messages that name a line.
///
/// Foundation's decoder on Linux says neither where a syntax error is nor where a
/// mistyped value sits; this scanner walks the text once and reports the byte offset of a
/// syntax error or of the value at a coding path.
struct JSONLocator {
    enum Component: Equatable { case key(String), index(Int) }

    private let bytes: [UInt8]
    private var i = 0
    private var path: [Component] = []
    private let target: [Component]?
    private(set) var found: Int?

    private init(_ data: Data, target: [Component]?) {
        bytes = Array(data)
        self.target = target
    }

    /// The byte offset of the first syntax error, nil when the text is valid JSON.
    static func syntaxError(in data: Data) -> Int? {
        var scanner = JSONLocator(data, target: nil)
        do {
            try scanner.value()
            scanner.skipSpace()
            return scanner.i < scanner.bytes.count ? scanner.i : nil
        } catch {
            return scanner.i
        }
    }

    /// The byte offset where the value at `path` starts, when the text has it.
    static func offset(of path: [Component], in data: Data) -> Int? {
        var scanner = JSONLocator(data, target: path)
        try? scanner.value()
        return scanner.found
    }

    /// 1-based line and column of `offset`.
    static func lineColumn(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(offset)
        let line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
        let column = offset - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return (line, column)
    }

    private struct Invalid: Error {}

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { throw Invalid() }
        i += 1
    }

    private mutating func value() throws {
        skipSpace()
        if found == nil, let target, path == target { found = i }
        guard i < bytes.count else { throw Invalid() }
        switch bytes[i] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): _ = try string()
        default: try scalar()
        }
    }

    private mutating func object() throws {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
        repeat {
            skipSpace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            path.append(.key(key))
            try value()
            path.removeLast()
            skipSpace()
        } while try separator(closing: UInt8(ascii: "}"))
    }

    private mutating func array() throws {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
        var index = 0
        repeat {
            path.append(.index(index))
            try value()
            path.removeLast()
            index += 1
            skipSpace()
        } while try separator(closing: UInt8(ascii: "]"))
    }

    /// Consumes `,` (true: another member follows) or the closing bracket (false).
    private mutating func separator(closing: UInt8) throws -> Bool {
        guard i < bytes.count else { throw Invalid() }
        if bytes[i] == UInt8(ascii: ",") { i += 1; return true }
        guard bytes[i] == closing else { throw Invalid() }
        i += 1
        return false
    }

    private mutating func string() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Invalid() }
        let start = i + 1
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            guard bytes[i] >= 0x20 else { throw Invalid() }
            i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard i < bytes.count else { throw Invalid() }
        i += 1
        return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
    }

    private mutating func scalar() throws {
        let start = i
        while i < bytes.count, !",]} \n\r\t".utf8.contains(bytes[i]) { i += 1 }
        let token = String(decoding: bytes[start..<i], as: UTF8.self)
        guard ["true", "false", "null"].contains(token) || Double(token) != nil else {
            i = start
            throw Invalid()
        }
    }
}

extension ConfigurationError {
    /// A decoding failure of `data` as an error that names `origin`, the line and the key.
    static func located(_ error: any Error, in data: Data, origin: String) -> ConfigurationError {
        if let offset = JSONLocator.syntaxError(in: data) {
            let (line, column) = JSONLocator.lineColumn(of: offset, in: data)
            return .init(.malformed, "\(origin):\(line):\(column): not valid JSON")
        }
        var at = origin
        if let decoding = error as? DecodingError, let context = decoding.context {
            let path = context.codingPath.map { key in
                key.intValue.map(JSONLocator.Component.index) ?? .key(key.stringValue)
            }
            if let offset = JSONLocator.offset(of: path, in: data) {
                at += ":\(JSONLocator.lineColumn(of: offset, in: data).line)"
            }
        }
        return .init(.malformed, "\(at): \(describe(error))")
    }
}

extension DecodingError {
    var context: Context? {
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c), .keyNotFound(_, let c): c
        @unknown default: nil
        }
    }
}
