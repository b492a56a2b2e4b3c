import Foundation
import UpbitRateLimit

/// Plausible JSON bodies for Upbit's REST paths (shapes as documented, figures invented).
enum EmulatorBodies {
    static let markets = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "BTC-ETH"]

    /// The body of an accepted request to `method path` with `query` parameters.
    static func body(method: String, path: String, query: [String: String]) -> Any {
        let market = query["market"] ?? query["markets"]?.split(separator: ",").first.map(String.init) ?? "KRW-BTC"
        let now = Int(Date().timeIntervalSince1970 * 1000)
        switch (method, path) {
        case ("GET", "/v1/market/all"):
            return markets.map { ["market": $0, "korean_name": $0, "english_name": $0] }
        case ("GET", let p) where p.hasPrefix("/v1/ticker"):
            let list = query["markets"]?.split(separator: ",").map(String.init) ?? markets
            return list.map { ["market": $0, "trade_price": price($0), "change": "RISE", "timestamp": now] as [String: Any] }
        case ("GET", let p) where p.hasPrefix("/v1/orderbook"):
            let p0 = price(market)
            return [["market": market, "timestamp": now, "orderbook_units": (1...5).map { i in
                ["ask_price": p0 + Double(i), "bid_price": p0 - Double(i), "ask_size": 0.5, "bid_size": 0.7]
            }] as [String: Any]]
        case ("GET", let p) where p.hasPrefix("/v1/candles/"):
            // Upbit gives at most 200; a count that is not a whole number ≥ 1 gives one (`count=-1` trapped the range).
            let count = (try? CheckedInput.count(query["count"] ?? "1", "count", in: 1...Int.max)).map { min(200, $0) } ?? 1
            return (0..<count).map { i in
                ["market": market, "opening_price": price(market), "trade_price": price(market) + Double(i),
                 "candle_acc_trade_volume": 1.5, "timestamp": now - i * 60_000] as [String: Any]
            }
        case ("GET", "/v1/trades/ticks"):
            return [["market": market, "trade_price": price(market), "trade_volume": 0.01, "ask_bid": "BID",
                     "timestamp": now]]
        case ("GET", "/v1/accounts"):
            return [["currency": "KRW", "balance": "1000000.0", "locked": "0.0", "avg_buy_price": "0"],
                    ["currency": "BTC", "balance": "0.1", "locked": "0.0", "avg_buy_price": "90000000"]]
        case ("GET", "/v1/orders/chance"):
            return ["bid_fee": "0.0005", "ask_fee": "0.0005", "market": ["id": market, "state": "active"]]
        case ("POST", _), ("DELETE", "/v1/order"), ("GET", "/v1/order"):
            return order(market: market, uuid: query["uuid"] ?? UUID().uuidString.lowercased(),
                         state: method == "DELETE" ? "cancel" : "wait")
        default:
            return method == "GET" ? [Any]() : ["result": "ok"]
        }
    }

    static func order(market: String, uuid: String, state: String) -> [String: Any] {
        ["uuid": uuid, "side": "ask", "ord_type": "limit", "price": String(price(market)), "state": state,
         "market": market, "volume": "0.01", "remaining_volume": "0.01", "trades_count": 0]
    }

    static func price(_ market: String) -> Double {
        Double(abs(market.hashValue % 1000) + 1) * 1000
    }

    static func error(_ name: String, _ message: String) -> Any { ["error": ["name": name, "message": message]] }
}
