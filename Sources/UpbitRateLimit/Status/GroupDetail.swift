/// What a group's detail view needs beyond the table row: its windows as the scheduler
/// sees them, why its rate is what it is, its circuit, its wait distribution and endpoints.
///
/// Carried in ``GroupStatus/detail`` since schema revision 1 (``StatusFrame/rev``). Instants
/// are milliseconds relative to the frame's `t` (negative: past), so they read the same on
/// any host.
public struct GroupDetail: Codable, Hashable, Sendable {
    /// One limit window of the group.
    public struct Window: Codable, Hashable, Sendable {
        /// Published requests per window.
        public var limit: Int
        /// Published length, seconds.
        public var seconds: Double
        /// Requests allowed per window at the rate in force.
        public var allowed: Int
        /// Length in force (stretched when the cut rate is below one request per window), seconds.
        public var lengthS: Double
        /// Releases the server may count in the current window (settled in it, plus open leases).
        public var used: Int
        /// Settle instants still inside the window, ms relative to now, ascending (at most `limit`).
        public var settlesMs: [Int]
        /// When a release may come again as far as this window is concerned (nil: now), ms from now.
        public var nextFreeMs: Int?

        /// A window's state.
        public init(limit: Int, seconds: Double, allowed: Int, lengthS: Double, used: Int, settlesMs: [Int],
                    nextFreeMs: Int?) {
            self.limit = limit
            self.seconds = seconds
            self.allowed = allowed
            self.lengthS = lengthS
            self.used = used
            self.settlesMs = settlesMs
            self.nextFreeMs = nextFreeMs
        }

        enum CodingKeys: String, CodingKey {
            case limit, seconds, allowed, used
            case lengthS = "length_s", settlesMs = "settles_ms", nextFreeMs = "next_free_ms"
        }
    }

    /// Every window, shortest first.
    public var windows: [Window]
    /// Bounds of the open leases (released, answer not reported yet), ms from now, ascending (at most 64).
    public var leasesMs: [Int]
    /// Safety margin after a release that is not leased, ms.
    public var marginMs: Int
    /// The share of the rate left by 429 cuts (recovering in steps).
    public var adaptiveRatio: Double
    /// The emergency factor on top (1 when emergency mode is off).
    public var emergencyFactor: Double
    /// Ratio added by each recovery step.
    public var recoveryStep: Double
    /// When the next recovery step comes, ms from now (nil: at full rate).
    public var nextRecoveryMs: Int?
    /// A `Remaining-Req: sec=0` or 429 hold: no release before this, ms from now (nil: none).
    public var holdMs: Int?
    /// Failures in a row, and how many open the circuit.
    public var circuitFailures: Int, circuitThreshold: Int
    /// An open circuit turns half-open in this many ms (nil unless open).
    public var circuitReopenMs: Int?
    /// Wait-time distribution over the percentile period.
    public var waitHistogram: WaitHistogram
    /// The endpoint templates charged to the group.
    public var endpoints: [String]

    /// A group's detail.
    public init(windows: [Window], leasesMs: [Int], marginMs: Int, adaptiveRatio: Double, emergencyFactor: Double,
                recoveryStep: Double, nextRecoveryMs: Int?, holdMs: Int?, circuitFailures: Int, circuitThreshold: Int,
                circuitReopenMs: Int?, waitHistogram: WaitHistogram, endpoints: [String]) {
        self.windows = windows
        self.leasesMs = leasesMs
        self.marginMs = marginMs
        self.adaptiveRatio = adaptiveRatio
        self.emergencyFactor = emergencyFactor
        self.recoveryStep = recoveryStep
        self.nextRecoveryMs = nextRecoveryMs
        self.holdMs = holdMs
        self.circuitFailures = circuitFailures
        self.circuitThreshold = circuitThreshold
        self.circuitReopenMs = circuitReopenMs
        self.waitHistogram = waitHistogram
        self.endpoints = endpoints
    }

    /// The most open leases a frame lists.
    public static let leaseListLimit = 64
    /// The most settles a window lists (the latest; `used` still counts them all).
    public static let settleListLimit = 256

    enum CodingKeys: String, CodingKey {
        case windows, endpoints
        case leasesMs = "leases_ms", marginMs = "margin_ms", adaptiveRatio = "adaptive_ratio"
        case emergencyFactor = "emergency_factor", recoveryStep = "recovery_step", nextRecoveryMs = "next_recovery_ms"
        case holdMs = "hold_ms", circuitFailures = "circuit_failures", circuitThreshold = "circuit_threshold"
        case circuitReopenMs = "circuit_reopen_ms", waitHistogram = "wait_histogram"
    }
}

/// Counts of waits per bucket: `counts[i]` waited less than `boundsMs[i]` (and at least the
/// previous bound); the last count, one more than the bounds, waited longer than all of them.
public struct WaitHistogram: Codable, Hashable, Sendable {
    /// Upper bounds, ms, ascending.
    public var boundsMs: [Double]
    /// `boundsMs.count + 1` counts.
    public var counts: [UInt64]

    /// A histogram over `boundsMs`.
    public init(boundsMs: [Double] = WaitHistogram.standardBoundsMs, counts: [UInt64]) {
        self.boundsMs = boundsMs
        self.counts = counts
    }

    /// The bounds the limiter reports: 1 ms to 10 s.
    public static let standardBoundsMs: [Double] = [1, 5, 10, 50, 100, 500, 1000, 5000, 10000]

    enum CodingKeys: String, CodingKey {
        case counts
        case boundsMs = "bounds_ms"
    }
}
