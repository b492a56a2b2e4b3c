import Hummingbird
import UpbitRateLimit

/// Leased permits over HTTP (acquire with `"lease": true`, report with `permit`, release) and the access tiers.
extension SidecarServer {
    /// The lease bound when `lease_s` is not given.
    static let defaultLease = Duration.seconds(10)
    /// The accepted `lease_s`, seconds (the core clamps a lease to at least its margin).
    static let leaseRange = InputRange.closed(0.001, 3_600)
    /// The accepted `retry_after_s` of a 418 report, seconds (up to a week).
    static let retryAfterRange = InputRange.closed(0, 604_800)
    /// The accepted `answer_age_s` of a report, seconds.
    static let answerAgeRange = InputRange.closed(0, 60)

    /// The lease `body` asks for: nil without `"lease": true`.
    func leaseLength(_ body: AcquireRequest) throws(SidecarRequestError) -> Duration? {
        guard body.lease == true else {
            if body.leaseS != nil { throw SidecarRequestError(#"lease_s: only with "lease": true"#) }
            return nil
        }
        guard let seconds = body.leaseS else { return Self.defaultLease }
        return try Self.seconds(seconds, "lease_s", in: Self.leaseRange)
    }

    /// The answer granting `permit`: a leased permit is registered and its id answered.
    ///
    /// A full registry refuses with 503 and frees the slot (the request is never sent).
    func granted(_ permit: Permit) throws(SidecarRequestError) -> AcquireResponse {
        guard permit.reportBy != nil else { return AcquireResponse(permit) }
        let limiter = runtime.limiter
        guard let lease = permits.open(permit, now: limiter.clock.now()) else {
            limiter.releaseUnsent(permit)
            throw leasesFull
        }
        return AcquireResponse(permit, lease: lease)
    }

    /// The refusal of a lease when the permit registry holds `capacity` open ids.
    var leasesFull: SidecarRequestError {
        SidecarRequestError(status: .serviceUnavailable, "permit: \(permits.capacity) leases open; report or release them first")
    }

    /// Checks `body` and hands the exchange's answer to the limiter, closing the permit's lease when given.
    ///
    /// `answer_age_s` dates the answer back from now: a leased slot settles when the bot had the answer,
    /// not when its report arrived (the core takes the instant between the permit's release and now).
    /// An expired permit's feedback is still applied as a live one's (a late answer settles its slot late, a
    /// shared permit's 429/418 holds the other hosts too), then 409 `permit: expired` is thrown.
    func record(_ body: ReportRequest, correlationID: String?) throws(SidecarRequestError) {
        guard (0...999).contains(body.status) else {
            throw SidecarRequestError("status: \(body.status) is not an HTTP status (0 = transport error)")
        }
        let blockFor = try body.retryAfterS.map { s throws(SidecarRequestError) in try Self.seconds(s, "retry_after_s", in: Self.retryAfterRange) }
        let age = try body.answerAgeS.map { s throws(SidecarRequestError) in try Self.seconds(s, "answer_age_s", in: Self.answerAgeRange) }
        let limiter = runtime.limiter
        let answeredAt = age.map { limiter.clock.now() - $0.nanoseconds }
        guard let id = body.permit else {
            guard let endpoint = body.endpoint else { throw SidecarRequestError("endpoint: missing (required without permit)") }
            guard let method = body.method else { throw SidecarRequestError("method: missing (required without permit)") }
            if reportShared(body, endpoint: endpoint, method: method, blockFor: blockFor, answeredAt: answeredAt,
                            correlationID: correlationID) { return }
            limiter.report(endpoint: endpoint, method: method, hasOrigin: false, status: body.status,
                           remainingReq: body.remainingReq, blockFor: blockFor, correlationID: correlationID,
                           answeredAt: answeredAt)
            return
        }
        let (entry, expired): (SidecarPermits.Entry, Bool) = switch try permits.close(id, now: limiter.clock.now()) {
        case .live(let entry): (entry, false)
        case .expired(let entry): (entry, true)
        }
        if let shared = entry.shared {
            settle(shared, body, blockFor: blockFor, answeredAt: answeredAt)
        } else {
            limiter.report(entry.permit, status: body.status, remainingReq: body.remainingReq, blockFor: blockFor,
                           answeredAt: answeredAt)
        }
        if expired {
            throw SidecarRequestError(status: .conflict, "permit: expired (past its report_by; the feedback was applied)")
        }
    }

    /// Frees the slot of a leased permit whose request was never sent.
    func release(_ body: ReleaseRequest) throws(SidecarRequestError) {
        switch try permits.close(body.permit, now: runtime.limiter.clock.now()) {
        case .live(let entry):
            if let shared = entry.shared { return releaseShared(shared) }
            runtime.limiter.releaseUnsent(entry.permit)
        case .expired: throw SidecarRequestError(status: .conflict, "permit: expired (past its report_by)")
        }
    }

    /// Throws 401 unless the request may use a route of `tier`.
    func authorise(_ tier: SidecarAccess.Tier, _ request: Request, _ context: SidecarRequestContext) throws(SidecarRequestError) {
        guard access.allows(tier, authorization: request.headers[.authorization], peer: context.peer) else {
            logger.info("refused (not authorised)", metadata: ["tier": "\(tier)", "path": "\(request.uri.path)"])
            throw SidecarRequestError(status: .unauthorized, SidecarAccess.refusal(tier))
        }
    }

    /// The 401 answer when the request may not use a route of `tier`, else nil.
    func refusal(_ tier: SidecarAccess.Tier, _ request: Request, _ context: SidecarRequestContext) -> Response? {
        do { try authorise(tier, request, context) } catch { return SidecarResponse.error(error.status, error.message) }
        return nil
    }

    /// `value` seconds as a duration, when finite and in `range`; else 400 naming `field`.
    static func seconds(_ value: Double, _ field: String, in range: InputRange) throws(SidecarRequestError) -> Duration {
        try SidecarRequestError.checked { () throws(InputError) in try CheckedInput.seconds(value, field, in: range) }
    }
}
