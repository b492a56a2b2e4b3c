import Testing
import UpbitRateLimit

/// `Remaining-Req` parsing is defensive: any spacing, order, prefix; malformed values fail softly.
@Suite struct RemainingReqTests {
    @Test(arguments: [
        ("group=default; min=1800; sec=29", "default", 29),
        ("group=market; min=573; sec=9", "market", 9),
        ("sec=0;group=order-cancel-all", "order-cancel-all", 0),
        ("  group = order-test ;  sec = 7 ", "order-test", 7),
        ("group=exchange.default; min=1800; sec=3", "default", 3),
        ("group=websocket-message, sec=4, extra=1", "websocket-message", 4),
        ("Group=TICKER; Sec=5", "ticker", 5),
        ("group=\"candle\"; sec=2", "candle", 2),
    ])
    func parsesWellFormedHeaders(header: String, group: String, sec: Int) throws {
        #expect(try RemainingReq.parse(header).get() == RemainingReq(group: GroupID(group), sec: sec))
    }

    @Test(arguments: [
        ("min=1800; sec=29", RemainingReq.ParseFailure.missingGroup),
        ("group=; sec=1", .missingGroup),
        // Found by fuzz/remaining-req (fuzz/corpus/remaining-req/crash-empty-after-prefix):
        // a prefix and nothing after it was accepted as the empty group.
        ("group=.; sec=7", .missingGroup),
        ("group=.ogroup=., sec=7", .missingGroup),
        ("group=exchange.; sec=1", .missingGroup),
        ("group=default; min=1800", .missingSec),
        ("group=default; sec=abc", .invalidSec("abc")),
        ("group=default; sec=-1", .invalidSec("-1")),
        ("", .missingGroup),
    ])
    func rejectsMalformedHeaders(header: String, failure: RemainingReq.ParseFailure) {
        #expect(throws: failure) { try RemainingReq.parse(header).get() }
    }
}
