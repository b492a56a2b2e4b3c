import Crypto
import Foundation

extension UpbitSigner {
    /// The account name to share limits under (`SharedLimitsConfiguration.account`): `key-`
    /// and the first 16 hex digits of the access key's SHA-256, so hosts with the same keys
    /// share one account in the store and the key itself is never stored.
    public var sharedAccount: String {
        "key-" + SHA256.hash(data: Data(accessKey.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
