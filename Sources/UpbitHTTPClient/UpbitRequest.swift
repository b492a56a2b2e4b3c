import Foundation

/// One call to Upbit's REST API: method, path and parameters.
///
/// GET and DELETE send the parameters in the URL; POST sends them as a JSON body. The
/// query string that is hashed for the signature is the same in both cases, unencoded,
/// in the order given (`states[]=wait&states[]=watch` for arrays).
public struct UpbitRequest: Sendable, Hashable {
    /// One `name=value` parameter; repeat a name for an array.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
        /// A parameter.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `GET`, `POST` or `DELETE`.
    public var method: String
    /// The path, such as `/v1/ticker`.
    public var path: String
    /// Parameters in order.
    public var parameters: [Parameter]
    /// Whether the request must carry a signed JWT (exchange endpoints).
    public var isSigned: Bool

    /// A request; `isSigned` defaults to true for every path but the quotation ones.
    public init(method: String = "GET", path: String, parameters: [Parameter] = [], isSigned: Bool? = nil) {
        self.method = method.uppercased()
        self.path = path
        self.parameters = parameters
        self.isSigned = isSigned ?? !Self.quotationPrefixes.contains { path.hasPrefix($0) }
    }

    static let quotationPrefixes = ["/v1/market/", "/v1/candles/", "/v1/trades/", "/v1/ticker", "/v1/orderbook"]

    /// The unencoded query string that the signature hashes: `a=1&b=2`.
    public var queryString: String { parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&") }

    /// The query string as sent in a URL, percent-encoded (brackets of array names kept).
    public var encodedQuery: String {
        parameters.map { Self.encode($0.name, keeping: "[]") + "=" + Self.encode($0.value, keeping: "") }
            .joined(separator: "&")
    }

    /// Whether the parameters travel as a JSON body.
    public var hasBody: Bool { method == "POST" && !parameters.isEmpty }

    /// The JSON body of a POST: parameters as strings; a repeated `name[]` becomes an array.
    public func jsonBody() -> Data {
        var object: [String: Any] = [:]
        for parameter in parameters {
            if parameter.name.hasSuffix("[]") {
                let key = String(parameter.name.dropLast(2))
                object[key] = ((object[key] as? [String]) ?? []) + [parameter.value]
            } else {
                object[parameter.name] = parameter.value
            }
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    private static func encode(_ text: String, keeping extra: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~" + extra)
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
