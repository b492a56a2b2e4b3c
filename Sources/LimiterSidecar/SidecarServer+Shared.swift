import UpbitRateLimit

/// Groups shared across hosts (`serve --shared`): acquires of an account-scope group go
/// through the runtime's ``SharedRateLimiter`` (never the pipeline fast path, which cannot
/// wait for the store), and reports settle their store rows.
extension SidecarServer {
    /// The shared limiter when `endpoint`/`method` is charged to a shared group.
    func sharedLimiter(endpoint: String, method: String) -> SharedRateLimiter? {
        guard let shared = runtime.sharedLimiter,
              shared.isShared(runtime.limiter.route(endpoint: endpoint, method: method).group) else { return nil }
        return shared
    }

    /// Waits for a permit for `body`: through the store for a shared group (with its store
    /// ticket), else locally.
    func waitForPermit(_ body: AcquireRequest, timeout: Duration?, lease: Duration?,
                       correlationID: String?) async throws -> (permit: Permit, shared: SharedPermit?) {
        guard let shared = sharedLimiter(endpoint: body.endpoint, method: body.method) else {
            return (try await runtime.limiter.acquire(endpoint: body.endpoint, method: body.method, hasOrigin: false,
                                                      timeout: timeout, lease: lease, correlationID: correlationID), nil)
        }
        let permit = try await shared.acquire(endpoint: body.endpoint, method: body.method, timeout: timeout,
                                              lease: lease, correlationID: correlationID)
        return (permit.permit, permit)
    }

    /// The answer for a shared group's permit. Leased (`"lease": true`): registered under its
    /// id, whose report settles exactly its store row. Otherwise kept for the group's next
    /// report without an id (the margin-mode contract: it settles the group's oldest open permit).
    /// A full registry refuses with 503 and frees the slot, here and in the store.
    func granted(_ shared: SharedPermit, for body: AcquireRequest) async throws(SidecarRequestError) -> AcquireResponse {
        let now = runtime.limiter.clock.now()
        if body.lease == true {
            if let lease = permits.open(shared.permit, shared: shared, now: now) {
                return AcquireResponse(shared.permit, lease: lease)
            }
        } else if sharedPermits.push(shared, now: now) {
            return AcquireResponse(shared.permit)
        }
        await runtime.sharedLimiter?.releaseUnsent(shared)
        throw body.lease == true ? leasesFull : SidecarRequestError(
            status: .serviceUnavailable, "\(sharedPermits.capacity) shared permits unreported; report them first")
    }

    /// Hands a report without a permit id for a shared group to the store (settling the
    /// group's oldest open permit); false when the group is not shared.
    func reportShared(_ body: ReportRequest, endpoint: String, method: String, blockFor: Duration?,
                      answeredAt: Int64?, correlationID: String?) -> Bool {
        guard let shared = sharedLimiter(endpoint: endpoint, method: method) else { return false }
        let group = runtime.limiter.route(endpoint: endpoint, method: method).group
        guard let permit = sharedPermits.pop(group, now: runtime.limiter.clock.now()) else {
            runtime.limiter.report(endpoint: endpoint, method: method, hasOrigin: false, status: body.status,
                                   remainingReq: body.remainingReq, blockFor: blockFor, correlationID: correlationID,
                                   answeredAt: answeredAt)
            return true
        }
        settle(permit, body, blockFor: blockFor, answeredAt: answeredAt)
        return true
    }

    /// Settles `permit`'s store row with the exchange's answer in `body`, at the answer's instant (a
    /// 429/418 holds the other hosts too). The store call is bounded by the store timeout and not
    /// awaited by the bot.
    func settle(_ permit: SharedPermit, _ body: ReportRequest, blockFor: Duration?, answeredAt: Int64?) {
        guard let shared = runtime.sharedLimiter else { return }
        Task {
            await shared.report(permit, status: body.status, remainingReq: body.remainingReq, blockFor: blockFor,
                                answeredAt: answeredAt)
        }
    }

    /// Frees a leased shared permit whose request was never sent (the store call is not awaited).
    func releaseShared(_ permit: SharedPermit) {
        guard let shared = runtime.sharedLimiter else { return }
        Task { await shared.releaseUnsent(permit) }
    }
}
