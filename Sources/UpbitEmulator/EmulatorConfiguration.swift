import ExchangeSimulation

/// How an ``UpbitEmulator`` listens, enforces and misbehaves. Every property has a default.
public struct EmulatorConfiguration: Sendable {
    // MARK: Listening

    /// Address to bind (default: loopback).
    public var host: String
    /// Port to bind; 0 picks a free one (see ``UpbitEmulator/run(onRunning:)``).
    public var port: Int

    // MARK: Exchange

    /// The limits and the 418 escalation enforced.
    public var rules: ExchangeEnforcer.Configuration
    /// Latency, jitter and faults.
    public var conditions: ExchangeConditions
    /// Secret key per access key: a JWT whose access key is listed must carry a valid
    /// HS512 signature. Unlisted access keys are accepted unverified.
    public var secrets: [String: String]
    /// Fixes every random choice.
    public var seed: UInt64

    /// Loopback on port 8080, the published Korean limits, sliding windows, healthy network.
    public init(host: String = "127.0.0.1", port: Int = 8080, rules: ExchangeEnforcer.Configuration = .init(),
                conditions: ExchangeConditions = .init(latency: .milliseconds(2), jitter: .milliseconds(1)),
                secrets: [String: String] = [:], seed: UInt64 = 0x5EED) {
        self.host = host
        self.port = port
        self.rules = rules
        self.conditions = conditions
        self.secrets = secrets
        self.seed = seed
    }
}
