import Crypto
import Foundation

/// Signs exchange (private) requests the way Upbit documents it: a JWT (HS512) whose
/// payload carries the access key, a fresh UUID nonce and, for a request with parameters,
/// `query_hash` = SHA-512 (hex) of the unencoded query string, with `query_hash_alg: SHA512`.
///
/// ```swift
/// let signer = UpbitSigner(accessKey: "…", secretKey: "…")
/// request.headers.add(name: "Authorization", value: signer.authorization(query: "market=KRW-BTC"))
/// ```
public struct UpbitSigner: Sendable, Hashable {
    /// The API key's access key (public; the emulator keys pockets by it).
    public let accessKey: String
    private let secretKey: String

    /// A signer for one API key.
    public init(accessKey: String, secretKey: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
    }

    /// The JWT claims Upbit reads.
    public struct Payload: Codable, Hashable, Sendable {
        public var accessKey: String
        public var nonce: String
        public var queryHash: String?
        public var queryHashAlg: String?

        enum CodingKeys: String, CodingKey {
            case accessKey = "access_key"
            case nonce
            case queryHash = "query_hash"
            case queryHashAlg = "query_hash_alg"
        }
    }

    /// The `Authorization` header value: `Bearer <jwt>`.
    public func authorization(query: String?, nonce: UUID = UUID()) -> String {
        "Bearer " + token(query: query, nonce: nonce)
    }

    /// The signed JWT for a request whose (unencoded) query string is `query`.
    public func token(query: String?, nonce: UUID = UUID()) -> String {
        var payload = Payload(accessKey: accessKey, nonce: nonce.uuidString.lowercased())
        if let query, !query.isEmpty {
            payload.queryHash = Self.queryHash(query)
            payload.queryHashAlg = "SHA512"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings cannot fail.
        let claims = (try? encoder.encode(payload)) ?? Data()
        let signingInput = Self.base64URL(Data(#"{"alg":"HS512","typ":"JWT"}"#.utf8)) + "." + Self.base64URL(claims)
        let mac = HMAC<SHA512>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secretKey.utf8)))
        return signingInput + "." + Self.base64URL(Data(mac))
    }

    /// Whether `token` carries a valid HS512 signature made with this signer's secret.
    public func verifies(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Self.decodeBase64URL(parts[2]) else { return false }
        let input = Data("\(parts[0]).\(parts[1])".utf8)
        return HMAC<SHA512>.isValidAuthenticationCode(signature, authenticating: input,
                                                      using: SymmetricKey(data: Data(secretKey.utf8)))
    }

    /// Decodes the payload of a JWT without checking its signature (the emulator reads the access key).
    public static func payload(of token: String) -> Payload? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = decodeBase64URL(parts[1]) else { return nil }
        return try? JSONDecoder().decode(Payload.self, from: data)
    }

    /// SHA-512 of `query` in lowercase hex.
    public static func queryHash(_ query: String) -> String {
        SHA512.hash(data: Data(query.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
