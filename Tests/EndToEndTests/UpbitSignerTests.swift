import Foundation
import Testing
import UpbitHTTPClient

/// The JWT and query hash against vectors computed independently (Python hmac/hashlib,
/// `json.dumps(sort_keys=True, separators=(",", ":"))`).
struct UpbitSignerTests {
    static let signer = UpbitSigner(accessKey: "access-key-1", secretKey: "secret-key-1")
    static let nonce = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
    static let query = "market=KRW-BTC&states[]=wait&states[]=watch"

    @Test func queryHashIsSHA512Hex() {
        #expect(UpbitSigner.queryHash(Self.query)
            == "c01bbcb80094d2225c90eda65128baf7ef800471fbdeb76579856d1532cd263060e41ede9c52bfc926a0b46c4b7797a61e4327cda59d236f829cde4c875dfe77")
    }

    @Test func theSharedAccountIsAHashOfTheAccessKeyNeverTheKey() {
        #expect(Self.signer.sharedAccount == "key-c81dae3a7718687e")  // Python: hashlib.sha256(b"access-key-1").hexdigest()[:16]
        #expect(UpbitSigner(accessKey: "access-key-2", secretKey: "s").sharedAccount != Self.signer.sharedAccount)
    }

    @Test func tokenWithQueryMatchesReference() {
        let expected = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJhY2Nlc3Nfa2V5IjoiYWNjZXNzLWtleS0xIiwibm9uY2UiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJxdWVyeV9oYXNoIjoiYzAxYmJjYjgwMDk0ZDIyMjVjOTBlZGE2NTEyOGJhZjdlZjgwMDQ3MWZiZGViNzY1Nzk4NTZkMTUzMmNkMjYzMDYwZTQxZWRlOWM1MmJmYzkyNmEwYjQ2YzRiNzc5N2E2MWU0MzI3Y2RhNTlkMjM2ZjgyOWNkZTRjODc1ZGZlNzciLCJxdWVyeV9oYXNoX2FsZyI6IlNIQTUxMiJ9.-xYmgpady8FP4bShh5-GAOhzx4bLeo60jts7amT-2ZdN3TZ96P8ZDCzvXDWodhog-pkA-Ce1zgxRSFg78wuyTw"
        #expect(Self.signer.token(query: Self.query, nonce: Self.nonce) == expected)
    }

    @Test func tokenWithoutParametersHasNoQueryHash() {
        let expected = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJhY2Nlc3Nfa2V5IjoiYWNjZXNzLWtleS0xIiwibm9uY2UiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEifQ.prf5Hk7Hq2l2nyyr7Axi6Ooz43efFwBSjRPQwgEqEqrFM4aiyKXBWYwNxiKcFvbGLC_BtEthTx6mZ88pSpJ6MQ"
        #expect(Self.signer.token(query: "", nonce: Self.nonce) == expected)
        #expect(Self.signer.authorization(query: nil, nonce: Self.nonce) == "Bearer " + expected)
    }

    @Test func payloadDecodesAndSignatureVerifies() throws {
        let token = Self.signer.token(query: "market=KRW-BTC")
        let payload = try #require(UpbitSigner.payload(of: token))
        #expect(payload.accessKey == "access-key-1")
        #expect(payload.queryHash == UpbitSigner.queryHash("market=KRW-BTC"))
        #expect(payload.queryHashAlg == "SHA512")
        #expect(UUID(uuidString: payload.nonce) != nil)
        #expect(Self.signer.verifies(token))
        #expect(!UpbitSigner(accessKey: "access-key-1", secretKey: "other").verifies(token))
        #expect(UpbitSigner.payload(of: "not.a-jwt") == nil)
        #expect(Self.signer.token(query: nil) != Self.signer.token(query: nil), "every token has a fresh nonce")
    }

    @Test func requestsBuildQueryAndBody() throws {
        let get = UpbitRequest(path: "/v1/orders/open", parameters: [.init("states[]", "wait"), .init("market", "KRW-BTC")])
        #expect(get.isSigned)
        #expect(get.queryString == "states[]=wait&market=KRW-BTC")
        #expect(get.encodedQuery == "states[]=wait&market=KRW-BTC")
        #expect(!UpbitRequest(path: "/v1/ticker").isSigned)
        let note = UpbitRequest(path: "/v1/ticker", parameters: [.init("markets", "KRW-BTC,KRW-ETH")])
        #expect(note.encodedQuery == "markets=KRW-BTC%2CKRW-ETH" && note.queryString == "markets=KRW-BTC,KRW-ETH")
        let post = UpbitRequest(method: "post", path: "/v1/orders", parameters: [.init("market", "KRW-BTC"), .init("side", "bid")])
        #expect(post.hasBody && post.method == "POST")
        let body = try JSONSerialization.jsonObject(with: post.jsonBody()) as? [String: String]
        #expect(body == ["market": "KRW-BTC", "side": "bid"])
    }
}
