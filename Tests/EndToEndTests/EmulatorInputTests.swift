import Testing
@testable import UpbitEmulator

/// The emulator's query parameters are outside input too.
@Suite struct EmulatorInputTests {
    func candles(_ count: String) -> Int {
        (EmulatorBodies.body(method: "GET", path: "/v1/candles/minutes/1", query: ["count": count]) as? [Any])?.count ?? -1
    }

    // Regression: `count=-1` built the range `0..<-1` and trapped.
    @Test func aCandleCountIsCheckedAndCappedAt200() {
        #expect(candles("-1") == 1)
        #expect(candles("99999999999999999999") == 1)
        #expect(candles("nan") == 1)
        #expect(candles("0") == 1)
        #expect(candles("5") == 5)
        #expect(candles("500") == 200)
    }
}
