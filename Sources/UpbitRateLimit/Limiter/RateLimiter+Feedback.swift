import Logging
import Tracing

extension RateLimiter {
    /// Feeds the exchange's answer back: status code and `Remaining-Req` header.
    ///
    /// - 429 cuts the group's rate at once (zero-429 policy) and holds it for one window;
    /// - 418 blocks the whole scope (IP → public groups, pocket → private groups) for
    ///   `blockFor` or, when not given, an escalating time, and fails its waiters at once;
    /// - 5xx and `status: 0` (transport error or timeout) count as circuit-breaker failures;
    /// - `Remaining-Req: sec=` aligns the group's window with the server's count.
    ///
    /// Malformed headers are counted in the status and logged, never thrown. `answeredAt` is the
    /// limiter clock's instant the answer came (nil: now): a `sec=` is compared with the window
    /// ending there (see ``WindowScheduler/absorbServerRemaining(_:sentAfter:answeredAt:now:)``).
    public func report(endpoint: String, method: String = "GET", hasOrigin: Bool = false, status: Int,
                       remainingReq: String? = nil, blockFor: Duration? = nil, correlationID: String? = nil,
                       answeredAt: Int64? = nil) {
        let routed = route(endpoint: endpoint, method: method, hasOrigin: hasOrigin).group
        let (target, remaining) = resolve(remainingReq, charged: routed)
        report(group: target, status: status, remainingSec: remaining, blockFor: blockFor, correlationID: correlationID,
               releasedAt: nil, answeredAt: answeredAt)
    }

    /// Feeds back the answer to the request sent with `permit`, then acts as
    /// ``report(endpoint:method:hasOrigin:status:remainingReq:blockFor:correlationID:)`` for the
    /// permit's group (or the group the `Remaining-Req` header names).
    ///
    /// A leased permit's slot settles when the answer came: the server counted the request before
    /// it answered. `answeredAt` is that instant on the limiter clock (nil: now, the usual case in
    /// process; a sidecar passes the instant its bot states, so the report's own trip costs no window
    /// time); it is taken between the permit's release and now. With `status: 0` (transport error
    /// or timeout) there was no answer and the request may still reach the server, so the slot keeps
    /// counting until the lease's bound. A second report of one permit closes nothing (it never
    /// touches another permit's lease).
    public func report(_ permit: Permit, status: Int, remainingReq: String? = nil, blockFor: Duration? = nil,
                       answeredAt: Int64? = nil) {
        let answered = answeredAt.map { max(permit.releasedAt, $0) }
        if status != 0 { limiters[permit.group]?.closeLease(of: permit, answeredAt: answered) }
        let (target, remaining) = resolve(remainingReq, charged: permit.group)
        report(group: target, status: status, remainingSec: remaining, blockFor: blockFor,
               correlationID: permit.correlationID, releasedAt: target == permit.group ? permit.releasedAt : nil,
               answeredAt: answered)
    }

    /// Frees `permit`'s window slot at once: its request was **never sent** (never written to a
    /// socket), so the server cannot count it. The only call that frees a slot early; for a
    /// request that may have been sent use ``abandon(_:)``. Does nothing for a permit that is
    /// not leased (its slot counts for the margin) or whose lease is already closed.
    public func releaseUnsent(_ permit: Permit) {
        limiters[permit.group]?.releaseUnsent(permit)
    }

    /// Gives up on `permit`'s answer: the request may have been sent (cancelled in flight, timed
    /// out), so its slot keeps counting until the lease's bound — the server may still count it.
    /// Counted in the group's `abandoned_total`; the lease expires by itself at its bound.
    public func abandon(_ permit: Permit) {
        limiters[permit.group]?.withMachine { m in m.counters.abandoned += 1; return ((), []) }
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
        report(group: group, status: status, remainingSec: remainingSec, blockFor: blockFor,
               correlationID: correlationID, releasedAt: nil, answeredAt: nil)
    }

    /// As the public `report(group:…)`, knowing when the reported request was released
    /// (nil: unknown), so 429s for requests in flight before a cut do not cut again.
    /// With a tracer, inside an `upbit.report` span (a 429 or 418 marks it as an error).
    private func report(group: GroupID, status: Int, remainingSec: Int?, blockFor: Duration?,
                        correlationID: String?, releasedAt: Int64?, answeredAt: Int64?) {
        guard let tracer = configuration.tracer else {
            return settle(group: group, status: status, remainingSec: remainingSec, blockFor: blockFor,
                          correlationID: correlationID, releasedAt: releasedAt, answeredAt: answeredAt)
        }
        tracer.withSpan(LimiterSpans.report) { span in
            LimiterSpans.describe(span, group: group, correlationID: correlationID)
            span.attributes["http.response.status_code"] = status
            if let remainingSec { span.attributes["upbit.remaining_sec"] = remainingSec }
            if status == 429 || status == 418 { span.setStatus(SpanStatus(code: .error, message: "exchange answered \(status)")) }
            settle(group: group, status: status, remainingSec: remainingSec, blockFor: blockFor,
                   correlationID: correlationID, releasedAt: releasedAt, answeredAt: answeredAt)
        }
    }

    private func settle(group: GroupID, status: Int, remainingSec: Int?, blockFor: Duration?,
                        correlationID: String?, releasedAt: Int64?, answeredAt: Int64?) {
        guard let limiter = limiters[group] else { return }
        let now = clock.now()
        if status == 418 {
            block(scope: limiter.group.scope, stated: blockFor, now: now, from: group, correlationID: correlationID)
            return
        }
        let transition: CircuitBreaker.Transition = limiter.withMachine { m in
            if let sec = remainingSec {
                m.counters.lastRemainingSec = sec
                m.scheduler.absorbServerRemaining(sec, sentAfter: releasedAt, answeredAt: answeredAt, now: now)
            }
            switch status {
            case 429:
                m.record429(now: now, releasedAt: releasedAt)
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
                let wait = max(1, m.circuit.openUntil.subtractingSaturating(now))
                return ((), m.failAll(.circuitOpen(group, retryAfter: .nanoseconds(wait))))
            }
        case .closed: limiter.withMachine { m in m.note(.circuitClosed); return ((), []) }
        case .none: break
        }
        if status == 429 || transition != .none { collectGroupEvents(correlationID: correlationID) }
    }

    /// The longest stated 418 length honoured: a day (a `Retry-After` of 9223372037 s once overflowed `now + length`).
    static let longestStatedBlock: Int64 = 86_400_000_000_000

    /// A 418 for `scope`: a new ban blocks every group of the scope for the stated length or an
    /// escalating one; a 418 that arrives while the scope is already blocked is an answer to a
    /// request in flight, not a new ban — it extends the block only to a longer stated length.
    private func block(scope: LimitScope, stated: Duration?, now: Int64, from group: GroupID, correlationID: String?) {
        let policy = ScopeBans.Policy(base: configuration.blockBase.nanoseconds, max: configuration.blockMax.nanoseconds,
                                      memory: configuration.blockMemory.nanoseconds)
        let until = shared.withLock { s in
            s.bans[scope, default: ScopeBans()].ban(
                now: now, stated: stated.map { min(max(0, $0.nanoseconds), Self.longestStatedBlock) }, policy: policy)
        }
        for name in groupNames where limiters[name]!.group.scope == scope {
            limiters[name]!.withMachine { m in
                if name == group { m.counters.errors418 += 1 }
                return ((), until.map { m.block(until: $0, now: now) } ?? [])
            }
        }
        guard let until else { return }
        emit(.blocked(seconds: Double(until.subtractingSaturating(now)) / 1e9), group: group, correlationID: correlationID)
    }
}
