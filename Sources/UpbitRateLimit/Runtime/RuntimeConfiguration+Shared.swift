extension RuntimeConfiguration {
    /// The configuration file's `shared` object: the store of groups shared across hosts.
    ///
    /// ```json
    /// "shared": {"url": "postgres://bot@db:5432/limits", "account": "main", "reserve": 2,
    ///            "reserving_hosts": 2, "default_lease_s": 5, "longest_lease_s": 10, "store_timeout_ms": 250}
    /// ```
    /// Only `url` is required; the rest default as in ``SharedLimitsConfiguration``. A change
    /// needs a restart (hosts must agree on reserves and leases).
    static func sharedSection(in root: ConfigObjectReader) throws(ConfigurationError)
        -> (url: String, configuration: SharedLimitsConfiguration)?
    {
        guard let s = try root.object("shared") else { return nil }
        try s.checkKeys(["url", "account", "reserve", "reserving_hosts", "default_lease_s", "longest_lease_s",
                         "store_timeout_ms", "retry_interval_ms"])
        guard let url = try s.string("url") else { throw s.error("url", "missing (postgres://USER@HOST:PORT/DB)") }
        var c = SharedLimitsConfiguration()
        c.account = try s.string("account") ?? c.account
        c.reserve = try s.integer("reserve", in: 0...Ranges.count.upperBound) ?? c.reserve
        c.reservingHosts = try s.integer("reserving_hosts", in: Ranges.count) ?? c.reservingHosts
        c.defaultLease = try s.seconds("default_lease_s", in: Ranges.lease) ?? c.defaultLease
        c.longestLease = try s.seconds("longest_lease_s", in: Ranges.lease) ?? c.longestLease
        c.storeTimeout = try s.milliseconds("store_timeout_ms", in: Ranges.tick) ?? c.storeTimeout
        c.retryInterval = try s.milliseconds("retry_interval_ms", in: Ranges.tick) ?? c.retryInterval
        return (url, c)
    }
}
