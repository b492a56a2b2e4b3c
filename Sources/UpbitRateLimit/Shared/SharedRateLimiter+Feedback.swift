extension SharedRateLimiter {
    /// Feeds back the answer to `shared`'s request: the local limiter learns it as from
    /// ``RateLimiter/report(_:status:remainingReq:blockFor:answeredAt:)``, and the account-wide slot
    /// settles at the answer (`answeredAt`, this limiter's clock; nil: now — the store is told the
    /// answer's age, so hosts' clocks never meet). With `status: 0` (no answer: the request may still
    /// reach the exchange) the row keeps counting until its lease bound, as the local slot does. A 429
    /// holds the group on every host for one window, a 418 every shared group of the pocket for
    /// `blockFor` (or the configured base block). A store that does not answer keeps the row until
    /// its lease bound: slower, never over the limit.
    public func report(_ shared: SharedPermit, status: Int, remainingReq: String? = nil,
                       blockFor: Duration? = nil, answeredAt: Int64? = nil) async {
        limiter.report(shared.permit, status: status, remainingReq: remainingReq, blockFor: blockFor, answeredAt: answeredAt)
        if status != 0 { await settleRow(shared, answeredAt: answeredAt) }
        if let (groups, length) = hold(after: status, group: shared.group, blockFor: blockFor) {
            await call { [configuration, store] in try await store.hold(account: configuration.account, groups: groups, for: length) }
        }
    }

    /// Settles `shared`'s account-wide row (reserve or store) at the answer, telling the store its age.
    private func settleRow(_ shared: SharedPermit, answeredAt: Int64?) async {
        let now = limiter.clock.now()
        let age = Duration.nanoseconds(now - max(shared.permit.releasedAt, min(now, answeredAt ?? now)))
        switch shared.ticket {
        case .local: return
        case .reserve(let id):
            reserve.reportNow(account: configuration.account, group: shared.group, permitID: id, answerAge: age)
        case .store(let id):
            await call { [configuration, store] in
                try await store.report(account: configuration.account, group: shared.group, permitID: id, answerAge: age)
            }
        }
    }

    /// The request was never written to a socket: frees its slot at once, here and in the store.
    public func releaseUnsent(_ shared: SharedPermit) async {
        limiter.releaseUnsent(shared.permit)
        switch shared.ticket {
        case .local: return
        case .reserve(let id): reserve.releaseNow(account: configuration.account, group: shared.group, permitID: id)
        case .store(let id):
            await call { [configuration, store] in
                try await store.release(account: configuration.account, group: shared.group, permitID: id)
            }
        }
    }

    /// The request may have been sent and no answer will come: its slots count until their
    /// lease bounds, locally and in the store (which needs no call for that).
    public func abandon(_ shared: SharedPermit) {
        limiter.abandon(shared.permit)
    }

    /// The local limiter's status with the store's part (`shared_store`).
    public func status(source: String = "embedded") -> StatusFrame {
        var frame = limiter.status(source: source)
        frame.sharedStore = storeStatus()
        return frame
    }

    /// The store as this host sees it.
    public func storeStatus() -> SharedStoreStatus {
        let inUse = sharedGroups.values.reduce(0) {
            $0 + reserve.entries(account: configuration.account, group: $1.name, within: .seconds($1.primaryWindow.seconds))
        }
        return monitor.status(store: storeName, account: configuration.account, reserveInUse: inUse,
                              now: limiter.clock.now())
    }

    /// The groups to hold on every host after `status`, and for how long.
    private func hold(after status: Int, group: GroupID, blockFor: Duration?) -> ([GroupID], Duration)? {
        guard let limitGroup = sharedGroups[group] else { return nil }
        switch status {
        case 429: return ([group], .seconds(limitGroup.primaryWindow.seconds))
        case 418:
            let pocket = sharedGroups.values.filter { $0.scope == limitGroup.scope }.map(\.name).sorted()
            return (pocket, blockFor ?? limiter.configuration.blockBase)
        default: return nil
        }
    }

    /// One timed store call whose failure only the status shows.
    private func call(_ operation: @escaping @Sendable () async throws -> Void) async {
        let clock = limiter.clock
        let sent = clock.now()
        do {
            try await StoreCall.run(timeout: configuration.storeTimeout, clock: clock, operation)
            monitor.answered(after: clock.now() - sent, hostsSeen: nil, now: clock.now())
        } catch {
            monitor.unavailable(now: clock.now())
        }
    }
}
