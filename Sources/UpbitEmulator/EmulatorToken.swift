import Crypto
import Foundation

/// Reads the access key of an Upbit JWT and, when its secret is known, checks the HS512 signature.
enum EmulatorToken {
    /// The access key of `token`, or nil when the token is malformed or its signature is wrong.
    static func accessKey(of token: String, secrets: [String: String]) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let claims = decode(parts[1]),
              let object = try? JSONSerialization.jsonObject(with: claims) as? [String: Any],
              let accessKey = object["access_key"] as? String else { return nil }
        guard let secret = secrets[accessKey] else { return accessKey }
        guard let signature = decode(parts[2]) else { return nil }
        let valid = HMAC<SHA512>.isValidAuthenticationCode(signature, authenticating: Data("\(parts[0]).\(parts[1])".utf8),
                                                           using: SymmetricKey(data: Data(secret.utf8)))
        return valid ? accessKey : nil
    }

    private static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
