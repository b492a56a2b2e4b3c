extension LimiterRuntime {
    /// Puts `shared` (built on this runtime's ``limiter``) in every status frame as
    /// `shared_store`, so the console, the sidecar's stream and `/metrics` show the store.
    public func attach(_ shared: SharedRateLimiter) {
        self.shared.withLock { $0 = shared }
    }

    /// The shared limiter attached, if any.
    public var sharedLimiter: SharedRateLimiter? { shared.withLock { $0 } }
}
