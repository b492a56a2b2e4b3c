extension DemoWorkload {
    /// Seed scenario 1, phase 1: every bot polls ticker every 5 s, with candles, orderbook
    /// and balances now and then; the bots start out of phase.
    func normalMonitoring() async throws {
        try await crowd(configuration.bots) { _ in
            try await self.pause(self.random(upTo: .seconds(5)))
            for round in 0..<self.configuration.normalRounds {
                try await self.call("GET", "/v1/ticker")
                if round % 2 == 0 { try await self.call("GET", "/v1/candles/minutes/1") }
                if round % 3 == 0 { try await self.call("GET", "/v1/orderbook") }
                if round % 4 == 0 { try await self.call("GET", "/v1/accounts") }
                try await self.pause(.milliseconds(4_500) + self.random(upTo: .seconds(1)))
            }
        }
    }

    /// Seed scenario 1, phase 2: ticker and order chance every second, per bot.
    func volatilitySpike() async throws {
        try await crowd(configuration.bots) { _ in
            for _ in 0..<self.configuration.volatilityRounds {
                try await self.call("GET", "/v1/ticker")
                try await self.call("GET", "/v1/orders/chance")
                try await self.pause(.seconds(1))
            }
        }
    }

    /// Seed scenario 1, phase 3 (order and cancel every half second, per bot) together with
    /// seed scenario 2 (panicking traders: price, balance, three sell orders, order status).
    func marketShock() async throws {
        let bots = configuration.bots
        try await crowd(bots + configuration.panicTraders) { index in
            if index < bots {
                for _ in 0..<self.configuration.shockRounds {
                    try await self.call("GET", "/v1/ticker")
                    try await self.call("POST", "/v1/orders")
                    try await self.pause(.milliseconds(500))
                    try await self.call("DELETE", "/v1/order")
                    try await self.pause(.milliseconds(500))
                }
            } else {
                try await self.call("GET", "/v1/ticker")
                try await self.call("GET", "/v1/accounts")
                for _ in 0..<3 {
                    try await self.call("POST", "/v1/orders")
                    try await self.pause(.milliseconds(100))
                }
                try await self.call("GET", "/v1/order")
            }
        }
    }

    /// Seed scenario 3: ticker calls whose answers take 0.1 s, then 0.5 s, then 2 s with
    /// slow answers past the 3 s timeout and 5xx faults, while a few bots poll balances.
    /// The exchange's conditions are restored at the end.
    func gradualDegradation() async throws {
        let healthy = exchange.conditions
        defer { exchange.update(healthy) }
        let calls = configuration.degradationCalls
        let pollers = max(1, configuration.bots / 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<pollers {
                group.addTask {
                    while !Task.isCancelled {
                        try await self.call("GET", "/v1/accounts")
                        try await self.pause(.seconds(1))
                    }
                }
            }
            for i in 0..<calls {
                if i == 0 { exchange.update(degraded(healthy, processing: .milliseconds(100))) }
                if i == calls / 3 { exchange.update(degraded(healthy, processing: .milliseconds(500))) }
                if i == 2 * calls / 3 {
                    var failing = degraded(healthy, processing: .seconds(2))
                    failing.slowRate = 0.75
                    failing.slowExtra = .milliseconds(1_500)
                    failing.errorRate = 0.5
                    exchange.update(failing)
                }
                try await call("GET", "/v1/ticker")
                try await pause(.milliseconds(100))
            }
            group.cancelAll()
            while let next = await group.nextResult() {
                if case .failure(let error) = next, !(error is CancellationError) { throw error }
            }
        }
        try Task.checkCancellation()
    }

    private func degraded(_ base: ExchangeConditions, processing: Duration) -> ExchangeConditions {
        var conditions = base
        conditions.processing = processing
        return conditions
    }

    /// Seed scenario 4, compressed: per load level, each "minute" starts all of its ticker
    /// calls (and a tenth more on orderbook) at once, waits for them, then rests 0.1 s.
    func endurance() async throws {
        for perMinute in [30, 100, 200, 300] {
            for _ in 0..<configuration.enduranceMinutes {
                try await crowd(perMinute + perMinute / 10) { index in
                    try await self.call("GET", index < perMinute ? "/v1/ticker" : "/v1/orderbook")
                }
                try await pause(.milliseconds(100))
            }
        }
    }
}
