import Foundation

/// Typed reads from one JSON object of a configuration file, with errors that name the
/// file, the line, the key and the value.
struct ConfigObjectReader {
    let object: [String: Any]
    let path: [JSONLocator.Component]
    let data: Data
    let origin: String

    /// The whole document, which must be a JSON object.
    init(document data: Data, origin: String) throws(ConfigurationError) {
        if let offset = JSONLocator.syntaxError(in: data) {
            let (line, column) = JSONLocator.lineColumn(of: offset, in: data)
            throw .init(.malformed, "\(origin):\(line):\(column): not valid JSON")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .init(.malformed, "\(origin):1: the document must be a JSON object")
        }
        self.init(object: object, path: [], data: data, origin: origin)
    }

    private init(object: [String: Any], path: [JSONLocator.Component], data: Data, origin: String) {
        self.object = object
        self.path = path
        self.data = data
        self.origin = origin
    }

    /// `file:line: 'a.b': message` for the value at `key` (or this object).
    func error(_ key: String?, _ message: String) -> ConfigurationError {
        let full = path + (key.map { [.key($0)] } ?? [])
        let line = JSONLocator.offset(of: full, in: data).map { ":\(JSONLocator.lineColumn(of: $0, in: data).line)" } ?? ""
        let name = full.map { c -> String in
            switch c {
            case .key(let k): k
            case .index(let i): "[\(i)]"
            }
        }.joined(separator: ".")
        return .init(.invalidValue, "\(origin)\(line): '\(name)': \(message)")
    }

    /// Fails on a key not in `allowed` (a typo would otherwise be ignored silently).
    func checkKeys(_ allowed: Set<String>) throws(ConfigurationError) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw error(key, "unknown key (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// The number at `key` in `range` (nil when absent).
    func number(_ key: String, in range: InputRange, what: String = "a number") throws(ConfigurationError) -> Double? {
        try checked(key) { value throws(InputError) in try CheckedInput.number(value, key, in: range, what: what) }
    }

    /// The whole number at `key` in `range` (nil when absent).
    func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        try checked(key) { value throws(InputError) in try CheckedInput.count(value, key, in: range) }
    }

    /// The duration at `key`, written in seconds, in `range` (nil when absent).
    func seconds(_ key: String, in range: InputRange) throws(ConfigurationError) -> Duration? {
        try checked(key) { value throws(InputError) in try CheckedInput.seconds(value, key, in: range) }
    }

    /// The duration at `key`, written in milliseconds, in `range` (nil when absent).
    func milliseconds(_ key: String, in range: InputRange) throws(ConfigurationError) -> Duration? {
        try checked(key) { value throws(InputError) in try CheckedInput.milliseconds(value, key, in: range) }
    }

    /// The number at `key` through `convert` (a ``CheckedInput`` conversion); its error is named by file, line and key.
    private func checked<T>(_ key: String, _ convert: (Double) throws(InputError) -> T) throws(ConfigurationError) -> T? {
        guard let raw = object[key] else { return nil }
        guard !Self.isBoolean(raw), let value = (raw as? NSNumber)?.doubleValue else {
            // NaN is refused by every conversion: its error states what the key accepts.
            do { _ = try convert(.nan) } catch { throw self.error(key, "must be \(error.expectation), got \(Self.show(raw))") }
            throw self.error(key, "must be a number, got \(Self.show(raw))")
        }
        do { return try convert(value) } catch { throw self.error(key, error.reason) }
    }

    /// A string, or nil when absent.
    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let raw = object[key] else { return nil }
        guard let value = raw as? String else { throw error(key, "must be a string, got \(Self.show(raw))") }
        return value
    }

    /// An array of strings, or nil when absent.
    func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let raw = object[key] else { return nil }
        guard let value = raw as? [String] else { throw error(key, "must be an array of strings, got \(Self.show(raw))") }
        return value
    }

    /// A nested object, or nil when absent.
    func object(_ key: String) throws(ConfigurationError) -> ConfigObjectReader? {
        guard let raw = object[key] else { return nil }
        guard let value = raw as? [String: Any] else { throw error(key, "must be an object, got \(Self.show(raw))") }
        return ConfigObjectReader(object: value, path: path + [.key(key)], data: data, origin: origin)
    }

    /// Whether a JSONSerialization value is `true`/`false`. (`is Bool` alone also holds for the
    /// numbers 0 and 1 on Linux, where every JSON number is an `NSNumber` that bridges to Bool.)
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return value is Bool }
        return String(cString: number.objCType) == "c"
    }

    static func show(_ value: Any) -> String {
        switch value {
        case let s as String: "\"\(s)\""
        case _ where isBoolean(value): (value as? Bool) == true ? "true" : "false"
        case let n as NSNumber: "\(n)"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "null"
        }
    }
}
