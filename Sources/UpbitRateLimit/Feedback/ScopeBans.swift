/// The 418 bans of one scope (IP, pocket): how long the next one lasts, as a pure value.
///
/// A ban's length is the exchange's stated one or `base · 2^(n-1)` (at most `max`) for the
/// scope's `n`-th offence. Offences count bans, not answers: every request in flight when a
/// ban starts may come back 418, and those answers neither escalate nor extend it (unless they
/// state a longer length). A scope quiet for `memory` after its last block ends starts over.
struct ScopeBans: Hashable, Sendable {
    struct Policy: Hashable, Sendable {
        var base: Int64
        var max: Int64
        var memory: Int64
    }

    /// Bans counted toward the escalation.
    private(set) var offences = 0
    /// The end of the current or latest block (`.min`: none yet).
    private(set) var blockedUntil: Int64 = .min

    /// Applies a 418 at `now` with an optional stated length, nanoseconds. Returns the new end
    /// of the block, or nil when the answer changes nothing (already blocked at least as long).
    mutating func ban(now: Int64, stated: Int64?, policy: Policy) -> Int64? {
        if now < blockedUntil {
            guard let stated, now.addingSaturating(stated) > blockedUntil else { return nil }
            blockedUntil = now.addingSaturating(stated)
            return blockedUntil
        }
        if blockedUntil != .min, now >= blockedUntil.addingSaturating(policy.memory) { offences = 0 }
        offences += 1
        let escalated = policy.base.multipliedSaturating(by: Int64(1) << Int64(Swift.min(offences - 1, 40)))
        blockedUntil = now.addingSaturating(stated ?? Swift.min(policy.max, escalated))
        return blockedUntil
    }
}
