import NIOCore

/// One JSON object whose values are strings, numbers, booleans or null: the sidecar's request and answer bodies.
///
/// Reading is a fast path: anything it does not handle (nesting, escapes in strings, duplicate keys,
/// bad syntax) makes ``init(parsing:)`` return nil, and the caller decodes with `JSONDecoder`, whose
/// errors name the offending field. Writing escapes what JSON requires.
struct FlatJSONObject {
    /// A scalar JSON value.
    enum Value: Equatable {
        case string(String)
        /// A number; `integer` is set when the literal has no fraction or exponent and fits an `Int`.
        case number(Double, integer: Int?)
        case bool(Bool)
        case null

        var string: String? { if case .string(let s) = self { s } else { nil } }
        var number: Double? { if case .number(let d, _) = self { d } else { nil } }
        var integer: Int? { if case .number(_, let i) = self { i } else { nil } }
        var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    }

    /// The members in body order (a handful: looked up linearly).
    private(set) var fields: [(key: String, value: Value)]

    /// An object with `fields`, written in that order.
    init(_ fields: [(key: String, value: Value)]) { self.fields = fields }

    /// The object in `bytes`, or nil when the fast path does not handle them (an empty body is `{}`).
    init?(parsing bytes: UnsafeRawBufferPointer) {
        var reader = Reader(bytes: bytes)
        fields = []
        reader.skipSpace()
        if reader.atEnd { return }
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        reader.skipSpace()
        if !reader.take(UInt8(ascii: "}")) {
            repeat {
                reader.skipSpace()
                guard let key = reader.string() else { return nil }
                reader.skipSpace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipSpace()
                guard let value = reader.value(), !fields.contains(where: { $0.key == key }) else { return nil }
                fields.append((key, value))
                reader.skipSpace()
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")) else { return nil }
        }
        reader.skipSpace()
        guard reader.atEnd else { return nil }
    }

    /// The object in `buffer`'s readable bytes, or nil when the fast path does not handle them.
    init?(_ buffer: ByteBuffer) {
        guard let object = buffer.withUnsafeReadableBytes({ FlatJSONObject(parsing: $0) }) else { return nil }
        self = object
    }

    /// The value of a required member converted by `read`, nil when missing or of another type.
    func required<T>(_ key: String, _ read: (Value) -> T?) -> T? {
        fields.first { $0.key == key }.flatMap { read($0.value) }
    }

    /// An optional member: `.some(nil)` when missing or null, nil when of another type.
    func optional<T>(_ key: String, _ read: (Value) -> T?) -> T?? {
        guard let value = fields.first(where: { $0.key == key })?.value, value != .null else { return .some(nil) }
        return read(value).map { .some($0) }
    }

    /// The object as compact JSON.
    func write(to buffer: inout ByteBuffer) {
        buffer.writeStaticString("{")
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            Self.write(string: field.key, to: &buffer)
            buffer.writeStaticString(":")
            switch field.value {
            case .string(let s): Self.write(string: s, to: &buffer)
            case .number(_, let i?): buffer.writeString(String(i))
            case .number(let d, nil): buffer.writeString(d.isFinite ? d.description : d > 0 ? "1e999" : d < 0 ? "-1e999" : "null")
            case .bool(let b): buffer.writeString(b ? "true" : "false")
            case .null: buffer.writeStaticString("null")
            }
        }
        buffer.writeStaticString("}")
    }

    private static func write(string: String, to buffer: inout ByteBuffer) {
        buffer.writeStaticString("\"")
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case ..<0x20:
                let hex = String(byte, radix: 16)
                buffer.writeString("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeStaticString("\"")
    }

    /// A cursor over the body bytes.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var atEnd: Bool { index == bytes.count }
        private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        private mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - index >= count,
                  (0..<count).allSatisfy({ bytes[index + $0] == literal.utf8Start[$0] }) else { return false }
            index += count
            return true
        }

        /// A string without escapes, valid UTF-8.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while let b = peek, b != UInt8(ascii: "\"") {
                guard b != UInt8(ascii: "\\"), b >= 0x20 else { return nil }
                index += 1
            }
            guard take(UInt8(ascii: "\"")) else { return nil }
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
        }

        mutating func value() -> Value? {
            switch peek {
            case UInt8(ascii: "\""): string().map(Value.string)
            case UInt8(ascii: "t"): take("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): take("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): take("null") ? .null : nil
            default: number()
            }
        }

        /// A number in JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        private mutating func number() -> Value? {
            let start = index
            _ = take(UInt8(ascii: "-"))
            if !take(UInt8(ascii: "0")) {
                guard let b = peek, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(b) else { return nil }
                digits()
            }
            var integral = true
            if take(UInt8(ascii: ".")) {
                integral = false
                guard digits() else { return nil }
            }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                integral = false
                _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
                guard digits() else { return nil }
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            // `1e999` is JSON but overflows to ±infinity: kept so that the field's checked conversion
            // refuses it by name (`timeout: must be … got inf`); never an integer.
            guard let double = Double(text) else { return nil }
            return .number(double, integer: integral && double.isFinite ? Int(text) : nil)
        }

        /// Skips `[0-9]*`; whether it skipped any.
        @discardableResult
        private mutating func digits() -> Bool {
            let start = index
            while let b = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { index += 1 }
            return index > start
        }
    }
}
