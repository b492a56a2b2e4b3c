import Testing
import UpbitHTTPClient

/// `Retry-After` from the exchange or a webhook receiver: never a trap, never a negative or endless delay.
@Suite struct RetryAfterTests {
    @Test(arguments: [("30", 30.0), (" 2.5 ", 2.5), ("0", 0), ("86400", 86_400),
                      // Regression: `.seconds(9223372037)` overflowed `now + length` in the limiter.
                      ("9223372037", 86_400), ("1e300", 86_400)])
    func statedDelaysAreHonouredUpToADay(header: String, seconds: Double) {
        #expect(RetryAfter.parse(header) == .milliseconds(Int64(seconds * 1000)))
    }

    // Regression: the webhook sink computed `Int64(Double("nan")! * 1000)` and trapped.
    @Test(arguments: ["nan", "inf", "-inf", "-1", "", "soon", "Wed, 21 Oct 2026 07:28:00 GMT", "0x10"])
    func unusableValuesAreIgnored(header: String) {
        #expect(RetryAfter.parse(header) == nil)
    }

    @Test func a418StatesItsBlockThroughTheCheckedHeader() {
        let response = { (value: String) in UpbitResponse(status: 418, headers: ["retry-after": value], body: .init()) }
        #expect(response("9223372037").blockFor == .seconds(86_400))
        #expect(response("nan").blockFor == nil)
        #expect(response("60").blockFor == .seconds(60))
        #expect(UpbitResponse(status: 429, headers: ["retry-after": "60"], body: .init()).blockFor == nil)
    }
}
