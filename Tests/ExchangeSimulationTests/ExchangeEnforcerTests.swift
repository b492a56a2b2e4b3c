import ExchangeSimulation
import Testing
import UpbitRateLimit

/// Table tests of the enforcement core: each case is a list of arrivals and the statuses expected.
struct ExchangeEnforcerTests {
    struct Arrival: Sendable, CustomStringConvertible {
        var ms: Int64
        var group: GroupID
        var client: ClientIdentity
        var expected: Int
        var description: String { "\(group)@\(ms)ms→\(expected)" }
    }

    static let home = ClientIdentity(ip: "10.0.0.1", pocket: "a")
    static let other = ClientIdentity(ip: "10.0.0.2", pocket: "b")
    static let samePocketOtherIP = ClientIdentity(ip: "10.0.0.3", pocket: "a")

    /// `count` arrivals of `group` spaced `step` ms apart from `ms`, all expecting `status`.
    static func burst(_ count: Int, _ group: GroupID, at ms: Int64, step: Int64 = 0,
                      client: ClientIdentity = home, expect status: Int) -> [Arrival] {
        (0..<count).map { Arrival(ms: ms + Int64($0) * step, group: group, client: client, expected: status) }
    }

    static let cases: [(String, ExchangeEnforcer.WindowMode, [Arrival])] = [
        ("sliding: the 11th in one second is refused, room again exactly one window later", .sliding,
         burst(10, .ticker, at: 0, expect: 200) + burst(1, .ticker, at: 500, expect: 429)
            + burst(1, .ticker, at: 999, expect: 429) + burst(10, .ticker, at: 1000, expect: 200)
            + burst(1, .ticker, at: 1999, expect: 429)),
        ("sliding: paced at the limit is never refused", .sliding, burst(50, .ticker, at: 0, step: 100, expect: 200)),
        ("sliding: 20 across a second boundary are not allowed", .sliding,
         burst(10, .ticker, at: 900, expect: 200) + burst(10, .ticker, at: 1000, expect: 429)),
        ("fixed: 20 across a second boundary are allowed", .fixed,
         burst(10, .ticker, at: 900, expect: 200) + burst(10, .ticker, at: 1000, expect: 200)
            + burst(1, .ticker, at: 1999, expect: 429)),
        ("groups are counted apart", .sliding,
         burst(10, .ticker, at: 0, expect: 200) + burst(10, .candle, at: 0, expect: 200)),
        ("ip groups are per IP", .sliding,
         burst(10, .ticker, at: 0, expect: 200) + burst(10, .ticker, at: 0, client: other, expect: 200)
            + burst(1, .ticker, at: 1, client: samePocketOtherIP, expect: 200)),
        ("pocket groups are per pocket, whatever the IP", .sliding,
         burst(12, .order, at: 0, expect: 200) + burst(1, .order, at: 1, client: samePocketOtherIP, expect: 429)
            + burst(12, .order, at: 1, client: other, expect: 200)),
        ("order-cancel-all: 1 per 2 s", .sliding,
         burst(1, .orderCancelAll, at: 0, expect: 200) + burst(1, .orderCancelAll, at: 1_999, expect: 429)
            + burst(1, .orderCancelAll, at: 2_000, expect: 200)),
        ("websocket-message: every window must have room (5/s and 100/min)", .sliding,
         (0..<20).flatMap { burst(5, .websocketMessage, at: Int64($0) * 1000, expect: 200) }
            + burst(1, .websocketMessage, at: 20_000, expect: 429) + burst(1, .websocketMessage, at: 59_999, expect: 429)
            + burst(5, .websocketMessage, at: 60_000, expect: 200)),
    ]

    @Test(arguments: cases.indices)
    func verdicts(_ index: Int) {
        let (name, mode, arrivals) = Self.cases[index]
        var enforcer = ExchangeEnforcer(configuration: .init(windowMode: mode, offenceThreshold: 1_000))
        let got = arrivals.map { enforcer.admit(group: $0.group, client: $0.client, now: $0.ms * 1_000_000).status }
        #expect(got == arrivals.map(\.expected), "\(name)")
    }

    @Test func remainingReqCountsDownAndReadsBack() throws {
        var enforcer = ExchangeEnforcer()
        let headers = (0..<11).map { enforcer.admit(group: .ticker, client: Self.home, now: Int64($0)).remainingReq }
        #expect(headers[0] == "group=ticker; min=600; sec=9")
        #expect(headers[9] == "group=ticker; min=600; sec=0")
        #expect(headers[10] == "group=ticker; min=600; sec=0")
        let parsed = try RemainingReq.parse(headers[2]).get()
        #expect(parsed == RemainingReq(group: .ticker, sec: 7))
        #expect(enforcer.admit(group: .orderCancelAll, client: Self.home, now: 0).remainingReq
            == "group=order-cancel-all; min=30; sec=0")
    }

    @Test func persistentOffenderIsBlockedWithGrowingBlocks() {
        let second: Int64 = 1_000_000_000
        var enforcer = ExchangeEnforcer(configuration: .init(offenceThreshold: 3, offenceWindow: .seconds(10),
                                                             blockBase: .seconds(10)))
        for i in 0..<10 { _ = enforcer.admit(group: .ticker, client: Self.home, now: Int64(i)) }
        let statuses = (0..<4).map { enforcer.admit(group: .ticker, client: Self.home, now: 100 + Int64($0)).status }
        #expect(statuses == [429, 429, 429, 418])
        let first = enforcer.admit(group: .candle, client: Self.home, now: 200)
        #expect(first.status == 418, "a block covers every group of the scope")
        #expect(first.blockedForSeconds == 10)
        #expect(enforcer.admit(group: .order, client: Self.home, now: 200).status == 200, "pocket groups are not blocked")
        #expect(enforcer.admit(group: .ticker, client: Self.other, now: 200).status == 200, "other IPs are not blocked")
        // After the block, offend again: the second block lasts twice as long.
        let later = 11 * second
        for i in 0..<10 { _ = enforcer.admit(group: .ticker, client: Self.home, now: later + Int64(i)) }
        let again = (0..<4).map { enforcer.admit(group: .ticker, client: Self.home, now: later + 100 + Int64($0)) }
        #expect(again.map(\.status) == [429, 429, 429, 418])
        #expect(again.last?.blockedForSeconds == 20)
        #expect(enforcer.blockRemaining(scope: .ip, client: Self.home, now: later + 103) == 20 * second)
        let stats = enforcer.stats[.ticker]!
        #expect(stats.requests == 29 && stats.accepted == 21 && stats.tooMany429 == 6 && stats.blocked418 == 2)
    }

    @Test func lateStampedArrivalIsJudgedAgainstEveryWindowContainingIt() {
        var enforcer = ExchangeEnforcer()
        for i in 0..<10 { _ = enforcer.admit(group: .ticker, client: Self.home, now: 1_000_000_000 + Int64(i)) }
        #expect(enforcer.admit(group: .ticker, client: Self.home, now: 500_000_000).status == 429)
        #expect(enforcer.admit(group: .ticker, client: Self.home, now: 0).status == 200)
    }
}
