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

    /// Waits for a permit for `body`: through the store for a shared group, else locally.
    ///
    /// A shared group's permit is never leased over HTTP (its answer carries no `permit`): its slot is
    /// settled in the store by the group's next report (see `docs/SHARED.md`).
    func waitForPermit(_ body: AcquireRequest, timeout: Duration?, lease: Duration?,
                       correlationID: String?) async throws -> Permit {
        guard let shared = sharedLimiter(endpoint: body.endpoint, method: body.method) else {
            return try await runtime.limiter.acquire(endpoint: body.endpoint, method: body.method, hasOrigin: false,
                                                     timeout: timeout, lease: lease, correlationID: correlationID)
        }
        let permit = try await shared.acquire(endpoint: body.endpoint, method: body.method, timeout: timeout,
                                              correlationID: correlationID)
        guard sharedPermits.push(permit, now: runtime.limiter.clock.now()) else {
            await shared.releaseUnsent(permit)
            throw SidecarRequestError(status: .serviceUnavailable,
                                      "\(sharedPermits.capacity) shared permits unreported; report them first")
        }
        return permit.permit
    }

    /// Hands a report for a shared group to the store (settling the group's oldest open
    /// permit); false when the group is not shared.
    func reportShared(_ body: ReportRequest, endpoint: String, method: String, blockFor: Duration?,
                      correlationID: String?) -> Bool {
        guard let shared = sharedLimiter(endpoint: endpoint, method: method) else { return false }
        let group = runtime.limiter.route(endpoint: endpoint, method: method).group
        guard let permit = sharedPermits.pop(group, now: runtime.limiter.clock.now()) else {
            runtime.limiter.report(endpoint: endpoint, method: method, hasOrigin: false, status: body.status,
                                   remainingReq: body.remainingReq, blockFor: blockFor, correlationID: correlationID)
            return true
        }
        // The store call is bounded by the store timeout; the answer is not awaited by the bot.
        Task { await shared.report(permit, status: body.status, remainingReq: body.remainingReq) }
        return true
    }
}
