import Logging

extension RateLimiter {
    /// Feeds the exchange's answer back: status code and `Remaining-Req` header.
    ///
    /// - 429 cuts the group's rate at once (zero-429 policy) and holds it for one window;
    /// - 418 blocks the whole scope (IP → public groups, pocket → private groups) for
    ///   `blockFor` or, when not given, an escalating time, and fails its waiters at once;
    /// - 5xx and `status: 0` (transport error or timeout) count as circuit-breaker failures;
    /// - `Remaining-Req: sec=` aligns the group's window with the server's count.
    ///
    /// Malformed headers are counted in the status and logged, never thrown.
    public func report(endpoint: String, method: String = "GET", hasOrigin: Bool = false, status: Int,
                       remainingReq: String? = nil, blockFor: Duration? = nil, correlationID: String? = nil) {
        let routed = route(endpoint: endpoint, method: method, hasOrigin: hasOrigin).group
        let (target, remaining) = resolve(remainingReq, charged: routed)
        report(group: target, status: status, remainingSec: remaining, blockFor: blockFor, correlationID: correlationID)
    }

    /// Feeds back the answer to the request sent with `permit`: closes its lease (if leased)
    /// at this instant, then acts as ``report(endpoint:method:hasOrigin:status:remainingReq:blockFor:correlationID:)``
    /// for the permit's group (or the group the `Remaining-Req` header names). Report each
    /// permit once: a second report would close another lease with the same bound.
    public func report(_ permit: Permit, status: Int, remainingReq: String? = nil, blockFor: Duration? = nil) {
        settle(permit)
        let (target, remaining) = resolve(remainingReq, charged: permit.group)
        report(group: target, status: status, remainingSec: remaining, blockFor: blockFor,
               correlationID: permit.correlationID)
    }

    /// Closes the lease of `permit` now, with no answer to feed back (the request was
    /// cancelled or never sent). Does nothing for a permit that is not leased.
    public func settle(_ permit: Permit) {
        if let reportBy = permit.reportBy { limiters[permit.group]?.settleLease(reportBy: reportBy) }
    }

    /// The group a `Remaining-Req` header names (else `charged`) and its `sec=`; a malformed
    /// header is counted against `charged` and logged.
    private func resolve(_ header: String?, charged: GroupID) -> (GroupID, Int?) {
        guard let header else { return (charged, nil) }
        switch RemainingReq.parse(header) {
        case .success(let parsed):
            return (limiters[parsed.group] != nil ? parsed.group : charged, parsed.sec)
        case .failure(let failure):
            limiters[charged]?.withMachine { m in m.counters.malformedHeaders += 1; return ((), []) }
            logger.warning("malformed Remaining-Req header", metadata: [
                "header": "\(header)", "reason": "\(failure)", "group": "\(charged)",
            ])
            return (charged, nil)
        }
    }

    /// Feeds an answer back for a request charged to `group`.
    public func report(group: GroupID, status: Int, remainingSec: Int? = nil, blockFor: Duration? = nil,
                       correlationID: String? = nil) {
        guard let limiter = limiters[group] else { return }
        let now = clock.now()
        if status == 418 {
            block(scope: limiter.group.scope, stated: blockFor, now: now, from: group, correlationID: correlationID)
            return
        }
        let transition: CircuitBreaker.Transition = limiter.withMachine { m in
            if let sec = remainingSec {
                m.counters.lastRemainingSec = sec
                m.scheduler.absorbServerRemaining(sec, now: now)
            }
            switch status {
            case 429:
                m.counters.errors429 += 1
                m.note(.tooManyRequests)
                if case .cut(let from, let to) = m.adaptive.record429(now: now) {
                    m.applyRatio()
                    m.note(.rateCut(from: from, to: to))
                }
                m.scheduler.hold(until: now + m.scheduler.primaryLength)
                return (.none, [])
            case 500..., 0:
                m.counters.failures += 1
                return (m.circuit.recordFailure(now: now), [])
            default:
                m.adaptive.recordSuccess()
                return (m.circuit.recordSuccess(), [])
            }
        }
        switch transition {
        case .opened:
            // Queued callers fail at once instead of waiting out their deadlines.
            limiter.withMachine { m in
                m.note(.circuitOpened)
                let wait = max(1, m.circuit.openUntil - now)
                return ((), m.failAll(.circuitOpen(group, retryAfter: .nanoseconds(wait))))
            }
        case .closed: limiter.withMachine { m in m.note(.circuitClosed); return ((), []) }
        case .none: break
        }
        if status == 429 || transition != .none { collectGroupEvents(correlationID: correlationID) }
    }

    private func block(scope: LimitScope, stated: Duration?, now: Int64, from group: GroupID, correlationID: String?) {
        let offences = shared.withLock { s -> Int in
            s.offences418[scope, default: 0] += 1
            return s.offences418[scope]!
        }
        let escalated = configuration.blockBase.nanoseconds &<< min(offences - 1, 20)
        // A stated length is the exchange's word, but never below zero nor past a day (no overflow of `now + length`).
        let length = stated.map { min(max($0.nanoseconds, 0), 86_400_000_000_000) }
            ?? min(configuration.blockMax.nanoseconds, escalated)
        for name in groupNames where limiters[name]!.group.scope == scope {
            limiters[name]!.withMachine { m in
                if name == group { m.counters.errors418 += 1 }
                return ((), m.block(until: now + length, now: now))
            }
        }
        emit(.blocked(seconds: Double(length) / 1e9), group: group, correlationID: correlationID)
    }
}
