import Testing
import UpbitRateLimit

/// Every endpoint of UPBIT_LIMITS.md maps to its group; unknown ones fall back and are flagged.
@Suite struct EndpointMapTests {
    let map = EndpointMap(table: .preset(.korea))

    static let table: [(String, String, GroupID)] = [
        ("GET", "/v1/market/all", .market),
        ("GET", "/v1/candles/seconds", .candle),
        ("GET", "/v1/candles/minutes/1", .candle), ("GET", "/v1/candles/minutes/3", .candle),
        ("GET", "/v1/candles/minutes/5", .candle), ("GET", "/v1/candles/minutes/10", .candle),
        ("GET", "/v1/candles/minutes/15", .candle), ("GET", "/v1/candles/minutes/30", .candle),
        ("GET", "/v1/candles/minutes/60", .candle), ("GET", "/v1/candles/minutes/240", .candle),
        ("GET", "/v1/candles/days", .candle), ("GET", "/v1/candles/weeks", .candle),
        ("GET", "/v1/candles/months", .candle), ("GET", "/v1/candles/years", .candle),
        ("GET", "/v1/trades/ticks", .trade),
        ("GET", "/v1/ticker", .ticker), ("GET", "/v1/ticker/all", .ticker),
        ("GET", "/v1/orderbook", .orderbook), ("GET", "/v1/orderbook/instruments", .orderbook),
        ("GET", "/v1/orderbook/supported_levels", .orderbook),
        ("POST", "/v1/orders", .order), ("POST", "/v1/orders/cancel_and_new", .order),
        ("POST", "/v1/orders/test", .orderTest),
        ("DELETE", "/v1/orders/open", .orderCancelAll),
        ("GET", "/v1/orders/open", .default),
        ("GET", "/v1/accounts", .default), ("GET", "/v1/orders/chance", .default),
        ("GET", "/v1/order", .default), ("DELETE", "/v1/order", .default),
        ("GET", "/v1/orders/uuids", .default), ("DELETE", "/v1/orders/uuids", .default),
        ("GET", "/v1/orders/closed", .default),
        ("GET", "/v1/withdraws/chance", .default), ("POST", "/v1/withdraws/coin", .default),
        ("POST", "/v1/withdraws/krw", .default), ("GET", "/v1/withdraws", .default),
        ("GET", "/v1/deposits/coin_addresses", .default), ("POST", "/v1/deposits/generate_coin_address", .default),
        ("GET", "/v1/travel_rule/vasps", .default), ("POST", "/v1/travel_rule/deposit/uuid", .default),
        ("GET", "/v1/status/wallet", .default), ("GET", "/v1/api_keys", .default),
        ("WS", "/websocket/v1/connect", .websocketConnect), ("WS", "/websocket/v1/message", .websocketMessage),
    ]

    @Test(arguments: table)
    func publishedEndpointsMapToTheirGroup(method: String, path: String, group: GroupID) {
        let route = map.route(method: method, path: path)
        #expect(route == EndpointRoute(group: group, isMapped: true), "\(method) \(path)")
    }

    @Test(arguments: [
        ("get", "/v1/ticker?markets=KRW-BTC", GroupID.ticker),
        ("GET", "/v1/ticker/", .ticker),
        ("GET", "/ticker", .ticker),
        ("GET", "/orders/chance", .default),
        ("POST", "/orders", .order),
        ("DELETE", "/v1/orders/open?market=KRW-BTC", .orderCancelAll),
        ("GET", "//v1//candles/minutes/240#x", .candle),
    ])
    func pathsAreNormalised(method: String, path: String, group: GroupID) {
        #expect(map.route(method: method, path: path) == EndpointRoute(group: group, isMapped: true))
    }

    @Test func unknownQuotationPathsFallToTheirPrefixGroupAndAreFlagged() {
        #expect(map.route(method: "GET", path: "/v1/candles/minutes/7/extra") == EndpointRoute(group: .candle, isMapped: false))
        #expect(map.route(method: "GET", path: "/v1/orderbook/new_thing") == EndpointRoute(group: .orderbook, isMapped: false))
    }

    @Test func unknownExchangePathsFallToDefaultAndAreFlagged() {
        #expect(map.route(method: "PATCH", path: "/v1/orders/open") == EndpointRoute(group: .default, isMapped: false))
        #expect(map.route(method: "GET", path: "/v1/brand_new") == EndpointRoute(group: .default, isMapped: false))
    }

    @Test func originHeaderRoutesQuotationCallsToOrigin() {
        #expect(map.route(method: "GET", path: "/v1/ticker", hasOrigin: true).group == .origin)
        #expect(map.route(method: "GET", path: "/v1/accounts", hasOrigin: true).group == .default)
    }

    @Test func globalPresetHasTheOlderOrderLimit() {
        #expect(LimitTable.preset(.global)[.order]!.windows == [LimitWindow(limit: 8, seconds: 1)])
        #expect(LimitTable.preset(.korea)[.order]!.windows == [LimitWindow(limit: 12, seconds: 1)])
    }

    @Test func overrideFilesReplaceGroupsAndNameTheirErrors() throws {
        let table = try LimitTable.decode(Data(#"{"base":"global","groups":[{"name":"ticker","windows":[{"limit":5,"seconds":1}]}]}"#.utf8), origin: "limits.json")
        #expect(table[.ticker]!.windows == [LimitWindow(limit: 5, seconds: 1)])
        #expect(table[.ticker]!.endpoints.contains("GET /v1/ticker"))
        #expect(table[.order]!.windows[0].limit == 8)

        #expect(throws: ConfigurationError.self) { try LimitTable.decode(Data("{".utf8), origin: "bad.json") }
        do {
            _ = try LimitTable.decode(Data(#"{"groups":[{"name":"ticker","windows":[{"limit":0,"seconds":1}]}]}"#.utf8), origin: "zero.json")
            Issue.record("a zero limit was accepted")
        } catch {
            #expect(error.message == "zero.json: group 'ticker': window limit must be a whole number in [1, 1000000], got 0")
        }
        do {
            _ = try LimitTable.decode(Data(#"{"groups":[{"name":"ticker","windows":"fast"}]}"#.utf8), origin: "type.json")
            Issue.record("a string window was accepted")
        } catch {
            #expect(error.message.hasPrefix("type.json: at 'groups[0].windows'"))
        }
        #expect(throws: ConfigurationError.self) { try LimitTable.load(contentsOf: "/nonexistent/limits.json") }
    }
}

import Foundation
