import UpbitRateLimit

/// Where spans are exported over OTLP/HTTP: `serve --otlp-endpoint URL`, or the standard
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT` variables.
///
/// The flag and `OTEL_EXPORTER_OTLP_ENDPOINT` are base URLs (spans go to `<base>/v1/traces`, as the
/// OpenTelemetry specification says); `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is the traces URL itself.
public struct OTLPEndpoint: Hashable, Sendable {
    /// The URL as given (checked).
    public let url: String
    /// The flag or variable it came from.
    public let input: String
    /// Whether ``url`` is a base URL (`/v1/traces` is appended) rather than the traces URL.
    public let isBase: Bool

    /// The URL the spans are POSTed to.
    public var tracesURL: String { isBase ? (url.hasSuffix("/") ? url : url + "/") + "v1/traces" : url }

    /// The command-line flag.
    public static let flag = "--otlp-endpoint"
    /// The variable naming the traces URL.
    public static let tracesVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    /// The variable naming the base URL of every signal.
    public static let baseVariable = "OTEL_EXPORTER_OTLP_ENDPOINT"

    /// The endpoint `flag` or `environment` names, nil when none does (an empty variable is unset).
    ///
    /// Every value goes through the checked conversion. swift-otel applies the `OTEL_*` variables over
    /// any setting made in code, so a flag that disagrees with a variable is refused rather than
    /// silently overridden.
    public static func resolve(flag: String?, environment: [String: String]) throws(InputError) -> OTLPEndpoint? {
        func variable(_ name: String, isBase: Bool) throws(InputError) -> OTLPEndpoint? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return OTLPEndpoint(url: try CheckedInput.webURL(value, name), input: name, isBase: isBase)
        }
        let traces = try variable(tracesVariable, isBase: false)
        let base = try variable(baseVariable, isBase: true)
        let fromEnvironment = traces ?? base
        guard let flag else { return fromEnvironment }
        let given = OTLPEndpoint(url: try CheckedInput.webURL(flag, Self.flag), input: Self.flag, isBase: true)
        if let fromEnvironment, fromEnvironment.tracesURL != given.tracesURL {
            throw InputError(input: Self.flag,
                             expectation: "the endpoint \(fromEnvironment.input) names (\(fromEnvironment.url)), or that variable unset: swift-otel applies it over the flag",
                             given: "\"\(flag)\"")
        }
        return given
    }
}
