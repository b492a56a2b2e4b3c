/// The zero-429 policy of one group: cut at once on a 429, recover slowly in steps.
///
/// A pure value evaluated lazily against the clock: no background task has to be alive for
/// the recovery to happen, and the recovery stepper only makes the steps visible sooner.
public struct AdaptiveRate: Hashable, Sendable {
    /// How the ratio reacts to 429s.
    public struct Policy: Hashable, Sendable, Codable {
        /// 429s in a row that trigger a cut (seed: 1).
        public var cutThreshold: Int
        /// Factor applied to the ratio on a cut.
        public var cutFactor: Double
        /// The ratio never goes below this.
        public var floor: Double
        /// Quiet time after the last 429 before the first recovery step (seed: 300 s).
        public var recoveryDelay: Duration
        /// Ratio added per step (seed: 0.05).
        public var recoveryStep: Double
        /// Quiet time between steps.
        public var recoveryInterval: Duration

        public init(cutThreshold: Int = 1, cutFactor: Double = 0.7, floor: Double = 0.1,
                    recoveryDelay: Duration = .seconds(300), recoveryStep: Double = 0.05,
                    recoveryInterval: Duration = .seconds(60)) {
            self.cutThreshold = cutThreshold
            self.cutFactor = cutFactor
            self.floor = floor
            self.recoveryDelay = recoveryDelay
            self.recoveryStep = recoveryStep
            self.recoveryInterval = recoveryInterval
        }
    }

    public let policy: Policy
    /// The share of the published rate in force, in [floor, 1].
    public private(set) var ratio: Double = 1
    /// 429s since the last success.
    public private(set) var consecutive429: Int = 0
    /// When the next recovery step is due (`.max` when at full rate).
    public private(set) var nextStepAt: Int64 = .max
    /// When the latest cut happened (`.min`: never).
    public private(set) var lastCutAt: Int64 = .min

    public init(policy: Policy = Policy()) { self.policy = policy }

    /// What a report changed.
    public enum Change: Hashable, Sendable {
        case none
        case cut(from: Double, to: Double)
        case recovered(from: Double, to: Double)
    }

    /// Records a 429 at `now`; cuts the ratio when the streak reaches the threshold and the
    /// 429 is new evidence of overload.
    ///
    /// Answers to requests already in flight at the latest cut tell of the same overload, so
    /// the rate is cut at most once per round of evidence (as TCP decreases once per round
    /// trip): a 429 for a request released before the latest cut (`releasedAt`), or — when the
    /// release instant is unknown — within `evidenceWindow` of the latest cut, cuts nothing.
    /// The first 429 always cuts at once.
    public mutating func record429(now: Int64, releasedAt: Int64? = nil, evidenceWindow: Int64 = 0) -> Change {
        consecutive429 += 1
        nextStepAt = now.addingSaturating(policy.recoveryDelay.nanoseconds)
        guard consecutive429 >= policy.cutThreshold else { return .none }
        let fresh = releasedAt.map { $0 > lastCutAt } ?? (now >= lastCutAt.addingSaturating(evidenceWindow))
        guard fresh else { return .none }
        lastCutAt = now
        let old = ratio
        ratio = max(policy.floor, ratio * policy.cutFactor)
        return old == ratio ? .none : .cut(from: old, to: ratio)
    }

    /// Records an answer that was not a 429: the streak ends.
    public mutating func recordSuccess() { consecutive429 = 0 }

    /// Applies every recovery step due by `now`.
    public mutating func advance(now: Int64) -> Change {
        guard now >= nextStepAt else { return .none }
        let old = ratio
        let interval = max(1, policy.recoveryInterval.nanoseconds)
        let steps = 1 + (now - nextStepAt) / interval
        ratio = min(1, ratio + Double(steps) * policy.recoveryStep)
        nextStepAt = ratio >= 1 ? .max : nextStepAt.addingSaturating(steps.multipliedSaturating(by: interval))
        return .recovered(from: old, to: ratio)
    }

    /// Back to full rate with no streak (operator reset).
    public mutating func reset() {
        ratio = 1
        consecutive429 = 0
        nextStepAt = .max
        lastCutAt = .min
    }
}
