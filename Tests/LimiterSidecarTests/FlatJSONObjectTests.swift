import Foundation
@testable import LimiterSidecar
import NIOCore
import Testing

@Suite struct FlatJSONObjectTests {
    private func parse(_ text: String) -> FlatJSONObject? {
        Array(text.utf8).withUnsafeBytes { FlatJSONObject(parsing: $0) }
    }

    @Test func readsAFlatBody() throws {
        let object = try #require(parse(#" {"endpoint":"/v1/ticker", "method":"GET","timeout":1.5e0,"n":-20,"ok":true,"c":null} "#))
        #expect(object.fields.map(\.key) == ["endpoint", "method", "timeout", "n", "ok", "c"])
        #expect(object.required("endpoint", \.string) == "/v1/ticker")
        #expect(object.required("timeout", \.number) == 1.5)
        #expect(object.required("timeout", \.integer) == nil)
        #expect(object.required("n", \.integer) == -20)
        #expect(object.required("ok", \.bool) == true)
        #expect(object.optional("c", \.string) == .some(nil))
        #expect(object.optional("absent", \.string) == .some(nil))
        #expect(object.optional("n", \.string) == nil)
        #expect(parse("")?.fields.isEmpty == true)
        #expect(parse(" {} ")?.fields.isEmpty == true)
    }

    /// A number that overflows a Double is kept as ±infinity (never an integer), so the field's checked
    /// conversion names it; written back, it reads the same.
    @Test func anOverflowingNumberIsInfinityNeverAnInteger() throws {
        let object = try #require(parse(#"{"timeout":1e400,"n":-99999999999999999999999e999}"#))
        #expect(object.required("timeout", \.number) == .infinity)
        #expect(object.required("timeout", \.integer) == nil)
        #expect(object.required("n", \.number) == -.infinity)
        var buffer = ByteBuffer()
        object.write(to: &buffer)
        #expect(FlatJSONObject(buffer)?.required("timeout", \.number) == .infinity)
    }

    /// Whatever the fast path does not handle is left to `JSONDecoder` (nil), never misread.
    @Test(arguments: [
        #"{"endpoint":"\/v1\/ticker"}"#, #"{"a":{"b":1}}"#, #"{"a":[1]}"#, #"{"a":1,"a":2}"#, #"{"a":01}"#,
        #"{"a":1.}"#, #"{"a":-}"#, #"{"a":1e}"#, #"{"a":tru}"#, #"{"a":1,}"#, #"{"a":1} x"#, #"{"a" 1}"#, "not json", "[]",
    ])
    func givesUpOnAnythingElse(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func writesEscapedJSON() throws {
        var buffer = ByteBuffer()
        FlatJSONObject([("group", .string("a\"b\\c\n")), ("waited_ms", .number(0.25, integer: nil)), ("n", .number(3, integer: 3)),
                        ("ok", .bool(false)), ("x", .null)]).write(to: &buffer)
        let decoded = try #require(JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
        #expect(decoded["group"] as? String == "a\"b\\c\n")
        #expect(decoded["waited_ms"] as? Double == 0.25)
        #expect(decoded["n"] as? Int == 3)
        #expect(decoded["ok"] as? Bool == false)
        #expect(decoded["x"] is NSNull)
    }
}
