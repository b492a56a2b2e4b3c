import Testing
import UpbitRateLimit

/// The checked `traceparent` parser (W3C Trace Context, level 1).
@Suite struct TraceParentTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func readsTheFieldsAndWritesThemBack() throws {
        let parsed = try TraceParent.parse(Self.valid)
        #expect(parsed.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parsed.parentID == "00f067aa0ba902b7")
        #expect(parsed.flags == 1 && parsed.isSampled)
        #expect(parsed.description == Self.valid)
        #expect(try TraceParent.parse("  \(Self.valid)\t") == parsed)
    }

    /// A later version is read by its first four fields; anything after them must follow a dash.
    @Test func aLaterVersionKeepsItsFirstFourFields() throws {
        let future = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-comes-next"
        let parsed = try TraceParent.parse(future)
        #expect(parsed.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && !parsed.isSampled)
        #expect(parsed.description.hasPrefix("00-"))
    }

    @Test(arguments: [
        ("", "55 characters"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0", "55 characters"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", "nothing after the flags"),
        ("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "dashes"),
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "version"),
        ("0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "version"),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "hex ids"),
        ("00-4bf92f3577b34da6a3ce929d0e0e473z-00f067aa0ba902b7-01", "hex ids"),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "trace id"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "parent id"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x", "hex flags"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01é", "nothing after the flags"),
    ])
    func malformedValuesNameTheInputAndTheRule(value: String, rule: String) {
        #expect {
            try TraceParent.parse(value, input: "traceparent")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("traceparent: must be a W3C traceparent") && text.contains(rule)
        }
    }

    @Test func aLongValueIsShownShortened() {
        let long = String(repeating: "a", count: 5_000)
        #expect {
            try TraceParent.parse(long)
        } throws: { error in
            "\(error)".contains("(5000 bytes)") && "\(error)".utf8.count < 300
        }
    }
}
