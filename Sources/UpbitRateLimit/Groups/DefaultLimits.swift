/// The published Upbit Korea limits (UPBIT_LIMITS.md, as of 2026-11).
enum DefaultLimits {
    private static func perSecond(_ n: Int) -> [LimitWindow] { [LimitWindow(limit: n, seconds: 1)] }

    static let korea: [LimitGroup] = [
        LimitGroup(name: .market, scope: .ip, windows: perSecond(10), endpoints: ["GET /v1/market/all"]),
        LimitGroup(name: .candle, scope: .ip, windows: perSecond(10), endpoints: [
            "GET /v1/candles/seconds", "GET /v1/candles/minutes/{unit}", "GET /v1/candles/days",
            "GET /v1/candles/weeks", "GET /v1/candles/months", "GET /v1/candles/years",
        ]),
        LimitGroup(name: .trade, scope: .ip, windows: perSecond(10), endpoints: ["GET /v1/trades/ticks"]),
        LimitGroup(name: .ticker, scope: .ip, windows: perSecond(10), endpoints: ["GET /v1/ticker", "GET /v1/ticker/all"]),
        LimitGroup(name: .orderbook, scope: .ip, windows: perSecond(10), endpoints: [
            "GET /v1/orderbook", "GET /v1/orderbook/instruments", "GET /v1/orderbook/supported_levels",
        ]),
        LimitGroup(name: .order, scope: .pocket, windows: perSecond(12), endpoints: [
            "POST /v1/orders", "POST /v1/orders/cancel_and_new",
        ]),
        LimitGroup(name: .orderTest, scope: .pocket, windows: perSecond(8), endpoints: ["POST /v1/orders/test"]),
        LimitGroup(name: .orderCancelAll, scope: .pocket, windows: [LimitWindow(limit: 1, seconds: 2)],
                   endpoints: ["DELETE /v1/orders/open"]),
        LimitGroup(name: .default, scope: .pocket, windows: perSecond(30), endpoints: [
            "GET /v1/accounts", "GET /v1/orders/chance", "GET /v1/order", "DELETE /v1/order",
            "GET /v1/orders/uuids", "DELETE /v1/orders/uuids", "GET /v1/orders/open", "GET /v1/orders/closed",
            "GET /v1/withdraws/*", "POST /v1/withdraws/*", "DELETE /v1/withdraws/*", "GET /v1/withdraws",
            "GET /v1/withdraw", "DELETE /v1/withdraw",
            "GET /v1/deposits/*", "POST /v1/deposits/*", "GET /v1/deposits", "GET /v1/deposit",
            "GET /v1/travel_rule/*", "POST /v1/travel_rule/*",
            "GET /v1/status/wallet", "GET /v1/api_keys", "GET /v1/pockets/*", "POST /v1/pockets/*",
        ]),
        LimitGroup(name: .websocketConnect, scope: .ip, windows: perSecond(5), endpoints: ["WS /websocket/v1/connect"]),
        LimitGroup(name: .websocketMessage, scope: .connection,
                   windows: [LimitWindow(limit: 5, seconds: 1), LimitWindow(limit: 100, seconds: 60)],
                   endpoints: ["WS /websocket/v1/message"]),
        LimitGroup(name: .origin, scope: .ip, windows: [LimitWindow(limit: 1, seconds: 10)]),
    ]
}
