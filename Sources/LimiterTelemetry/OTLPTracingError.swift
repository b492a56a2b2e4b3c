/// Why no OTLP exporter could be made; the message names the flag or variable.
public struct OTLPTracingError: Error, CustomStringConvertible {
    /// The one-line reason.
    public let description: String

    init(_ description: String) { self.description = description }
}
