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

    /// A number in the range `valid` describes, or nil when absent.
    func number(_ key: String, _ expectation: String, valid: (Double) -> Bool) throws(ConfigurationError) -> Double? {
        guard let raw = object[key] else { return nil }
        guard !(raw is Bool), let value = (raw as? NSNumber)?.doubleValue, value.isFinite, valid(value) else {
            throw error(key, "must be \(expectation), got \(Self.show(raw))")
        }
        return value
    }

    /// A whole number ≥ `minimum`, or nil when absent.
    func integer(_ key: String, minimum: Int) throws(ConfigurationError) -> Int? {
        try number(key, "a whole number ≥ \(minimum)") { $0 >= Double(minimum) && $0.rounded() == $0 && $0 < 1e12 }
            .map { Int($0) }
    }

    /// A duration in seconds (`> 0` unless `allowZero`), or nil when absent.
    func seconds(_ key: String, allowZero: Bool = false, scale: Double = 1) throws(ConfigurationError) -> Duration? {
        try number(key, allowZero ? "a number ≥ 0" : "a number > 0") { allowZero ? $0 >= 0 : $0 > 0 }
            .map { .nanoseconds(Int64(min($0 * scale * 1e9, 9e18))) }
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

    static func show(_ value: Any) -> String {
        switch value {
        case let s as String: "\"\(s)\""
        case let b as Bool: "\(b)"
        case let n as NSNumber: "\(n)"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "null"
        }
    }
}
