import Tracing

/// Everything a ``RateLimiter`` is built from. Every property has a safe default.
public struct RateLimiterConfiguration: Sendable {
    // MARK: Limits

    /// The groups, their windows and endpoints.
    public var limits: LimitTable
    /// Added to every window to absorb client scheduling and network jitter (default 25 ms).
    public var margin: Duration

    // MARK: Feedback

    /// The zero-429 policy: cut on 429, stepwise recovery.
    public var adaptive: AdaptiveRate.Policy
    /// Per-group circuit breaker thresholds.
    public var circuit: CircuitBreaker.Policy
    /// A 418 without a stated length blocks its scope for `blockBase · 2^(n-1)`, at most `blockMax`.
    public var blockBase: Duration
    public var blockMax: Duration
    /// A scope quiet this long after its last block ends starts its 418 escalation over.
    public var blockMemory: Duration
    /// The longest lease a permit may hold; longer leases are clamped to it, shorter than
    /// ``margin`` to the margin (a lease never counts less than an ordinary release).
    public var maxLease: Duration

    // MARK: Emergency mode

    /// Share of each group's rate (and burst) while emergency mode is on (seed: 0.5).
    public var emergencyFactor: Double
    /// How long emergency mode lasts when no duration is given (seed: 300 s).
    public var emergencyDuration: Duration

    // MARK: Waiting and status

    /// Deadline for an acquire that gives none.
    public var defaultTimeout: Duration
    /// The longest a queue's driver sleeps before re-reading the group's state.
    public var maxNap: Duration
    /// Percentiles in the status cover between one and two of these periods.
    public var percentilePeriod: Duration
    /// Events kept for the status frame.
    public var eventCapacity: Int

    // MARK: Tracing

    /// Where the `upbit.acquire`, `upbit.wait` and `upbit.report` spans go (docs/OBSERVABILITY.md);
    /// nil (the default) makes none and costs nothing. `serve --otlp-endpoint` sets the OTLP
    /// exporter's; a library user passes `InstrumentationSystem.tracer` after bootstrapping one.
    public var tracer: (any Tracer)?

    public init(
        limits: LimitTable = .preset(.korea),
        margin: Duration = .milliseconds(25),
        adaptive: AdaptiveRate.Policy = .init(),
        circuit: CircuitBreaker.Policy = .init(),
        blockBase: Duration = .seconds(30),
        blockMax: Duration = .seconds(3600),
        blockMemory: Duration = .seconds(3600),
        maxLease: Duration = .seconds(3600),
        emergencyFactor: Double = 0.5,
        emergencyDuration: Duration = .seconds(300),
        defaultTimeout: Duration = .seconds(30),
        maxNap: Duration = .milliseconds(250),
        percentilePeriod: Duration = .seconds(10),
        eventCapacity: Int = 64,
        tracer: (any Tracer)? = nil
    ) {
        self.limits = limits
        self.margin = margin
        self.adaptive = adaptive
        self.circuit = circuit
        self.blockBase = blockBase
        self.blockMax = blockMax
        self.blockMemory = blockMemory
        self.maxLease = maxLease
        self.emergencyFactor = emergencyFactor
        self.emergencyDuration = emergencyDuration
        self.defaultTimeout = defaultTimeout
        self.maxNap = maxNap
        self.percentilePeriod = percentilePeriod
        self.eventCapacity = eventCapacity
        self.tracer = tracer
    }
}
