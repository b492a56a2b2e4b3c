import Tracing

/// Reads trace headers from a `[String: String]` carrier (a tracer's `extract` in tests).
public struct DictionaryExtractor: Extractor {
    /// An extractor.
    public init() {}

    /// The carrier's value for `key`.
    public func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
