/// How a ``SharedRateLimiter`` shares an account's groups with other hosts.
public struct SharedLimitsConfiguration: Sendable {
    // MARK: Who shares

    /// The account whose windows are shared: hosts on the same store and account share its
    /// groups (the Swift client derives it from a hash of the access key).
    public var account: String
    /// This host's name in the store ("hosts seen"); a random one by default.
    public var host: String
    /// The groups held in the store; nil: every group of scope `pocket` (the private groups).
    public var groups: Set<GroupID>?

    // MARK: Local reserve

    /// Permits per window this host may grant without the store (also while it is unreachable).
    public var reserve: Int
    /// How many hosts keep such a reserve: the store admits `limit − reserve × reservingHosts`,
    /// so the account's sum never exceeds the limit under any partition.
    public var reservingHosts: Int

    // MARK: Leases and timing

    /// The lease of a shared permit when the caller gives none.
    public var defaultLease: Duration
    /// The longest lease granted (longer ones are shortened); a store that lost its rows
    /// waits its longest window plus this.
    public var longestLease: Duration
    /// A store call slower than this counts as unavailable (fail closed).
    public var storeTimeout: Duration
    /// How often an unavailable store is asked again while a caller still has time.
    public var retryInterval: Duration

    public init(account: String = SharedLimitsConfiguration.defaultAccount,
                host: String = "host-" + String(UInt64.random(in: 0 ... .max), radix: 36),
                groups: Set<GroupID>? = nil, reserve: Int = 0, reservingHosts: Int = 1,
                defaultLease: Duration = .seconds(5), longestLease: Duration = .seconds(10),
                storeTimeout: Duration = .milliseconds(250), retryInterval: Duration = .milliseconds(100)) {
        self.account = account
        self.host = host
        self.groups = groups
        self.reserve = reserve
        self.reservingHosts = reservingHosts
        self.defaultLease = defaultLease
        self.longestLease = longestLease
        self.storeTimeout = storeTimeout
        self.retryInterval = retryInterval
    }

    /// The account every host shares when none is named.
    public static let defaultAccount = "default"

    /// Checks the values against the limit table of `limits`; the error names the setting.
    public func validate(against limits: LimitTable) throws(ConfigurationError) {
        guard !account.isEmpty, account.utf8.count <= 128 else {
            throw ConfigurationError(.invalidValue, "shared.account: 1 to 128 bytes expected")
        }
        guard reserve >= 0, reservingHosts >= 1, reservingHosts <= 1000 else {
            throw ConfigurationError(.invalidValue, "shared.reserve/reserving_hosts: reserve ≥ 0 and 1…1000 hosts expected")
        }
        for (name, value) in [("default_lease", defaultLease), ("longest_lease", longestLease),
                              ("store_timeout", storeTimeout), ("retry_interval", retryInterval)]
        where value <= .zero || value > .seconds(3600) {
            throw ConfigurationError(.invalidValue, "shared.\(name): between 0 and 3600 s expected")
        }
        for group in limits.groups where shares(group) {
            for window in group.windows where window.limit - reserve * reservingHosts < 1 {
                throw ConfigurationError(.invalidValue, "shared.reserve: \(reserve) × \(reservingHosts) hosts leaves "
                    + "nothing shared of group '\(group.name)' (limit \(window.limit))")
            }
        }
    }

    /// Whether `group` is held in the store.
    public func shares(_ group: LimitGroup) -> Bool {
        groups.map { $0.contains(group.name) } ?? (group.scope == .pocket)
    }
}
