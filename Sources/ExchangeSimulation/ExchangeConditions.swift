/// The network and health of a ``SimulatedExchange``: latency, jitter and faults.
///
/// Changing the conditions of a running exchange (``SimulatedExchange/update(_:)``) is how a
/// workload plays an outage: the degradation schedule counts requests from that moment.
public struct ExchangeConditions: Sendable, Hashable {
    /// One step of a gradual degradation: from the `afterRequests`-th request on, every
    /// answer takes `processing` more.
    public struct DegradationStep: Sendable, Hashable {
        public var afterRequests: Int
        public var processing: Duration
        /// A step; see the properties.
        public init(afterRequests: Int, processing: Duration) {
            self.afterRequests = afterRequests
            self.processing = processing
        }
    }

    // MARK: Network

    /// Round-trip time of a healthy answer; half on the way in, half on the way out.
    public var latency: Duration
    /// Each leg adds a uniform random delay in `[0, jitter]`; keep it below the limiter's
    /// margin or arrivals may bunch closer than the limiter released them.
    public var jitter: Duration

    // MARK: Faults

    /// Share of accepted requests answered with a 5xx (503), in [0, 1].
    public var errorRate: Double
    /// Share of answers delayed by ``slowExtra``, in [0, 1].
    public var slowRate: Double
    /// The extra delay of a slow answer.
    public var slowExtra: Duration
    /// Server processing time added to every answer (an outage played by hand).
    public var processing: Duration
    /// Processing time that grows with the requests seen since the conditions were set.
    public var degradation: [DegradationStep]

    /// Healthy defaults: 30 ms round trip, 8 ms jitter per leg, no faults.
    public init(
        latency: Duration = .milliseconds(30),
        jitter: Duration = .milliseconds(8),
        errorRate: Double = 0,
        slowRate: Double = 0,
        slowExtra: Duration = .seconds(1),
        processing: Duration = .zero,
        degradation: [DegradationStep] = []
    ) {
        self.latency = latency
        self.jitter = jitter
        self.errorRate = errorRate
        self.slowRate = slowRate
        self.slowExtra = slowExtra
        self.processing = processing
        self.degradation = degradation
    }

    /// The seed's gradual degradation: 0.1 s answers, 0.5 s after 50 requests, 2 s after 100.
    public static let seedDegradation: [DegradationStep] = [
        DegradationStep(afterRequests: 0, processing: .milliseconds(100)),
        DegradationStep(afterRequests: 50, processing: .milliseconds(500)),
        DegradationStep(afterRequests: 100, processing: .seconds(2)),
    ]

    /// The processing time in force for the `count`-th request since the conditions were set.
    func processing(at count: Int) -> Duration {
        processing + (degradation.last { $0.afterRequests <= count }?.processing ?? .zero)
    }
}

/// A small, fast, seedable generator (SplitMix64) so simulated runs repeat exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
