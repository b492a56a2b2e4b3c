/// Everything a ``LimiterRuntime`` is built from: the limiter's configuration plus the
/// background tasks' periods, the supervisor, the alert rules and where they came from.
///
/// Built from defaults → a JSON file → the environment by
/// ``load(file:environment:)``; every property has a safe default.
public struct RuntimeConfiguration: Sendable {
    // MARK: Limiter

    /// The limiter's own configuration (limits, margin, adaptive and circuit policies, emergency mode).
    public var limiter: RateLimiterConfiguration

    // MARK: Background tasks

    /// The supervisor's checks and restart backoff.
    public var supervisor: SupervisorConfiguration
    /// How often the frame publisher takes a status frame.
    public var frameInterval: Duration
    /// How often the recovery stepper settles due recovery steps and emergency expiry.
    public var recoveryInterval: Duration
    /// How often the alert evaluator runs the rules.
    public var alertInterval: Duration
    /// How often the metrics sampler updates the gauges and counters.
    public var sampleInterval: Duration
    /// How often the configuration watcher looks at the file's modification time.
    public var configPollInterval: Duration

    // MARK: Alerts

    /// The alert rules in force.
    public var alertRules: AlertRuleSet
    /// The rule file they came from (nil: the built-in seed defaults).
    public var alertRulesPath: String?
    /// Where alerts are POSTed as Slack-compatible JSON (nil: no webhook).
    public var webhookURL: String?

    // MARK: Shared across hosts

    /// The store of the account's groups shared with other hosts (`serve --shared`, the
    /// file's `shared.url`); nil: every group is local.
    public var sharedStoreURL: String?
    /// How groups are shared when ``sharedStoreURL`` is set.
    public var shared: SharedLimitsConfiguration = .init()

    // MARK: Reloading

    /// The configuration file, watched for changes (nil: nothing to reload).
    public var configPath: String?
    /// Reload on SIGHUP (Linux and macOS).
    public var reloadOnHangup: Bool

    /// A configuration with every default (seed values).
    public init(
        limiter: RateLimiterConfiguration = .init(),
        supervisor: SupervisorConfiguration = .init(),
        frameInterval: Duration = .milliseconds(500),
        recoveryInterval: Duration = .seconds(1),
        alertInterval: Duration = .seconds(1),
        sampleInterval: Duration = .seconds(1),
        configPollInterval: Duration = .seconds(1),
        alertRules: AlertRuleSet = .seedDefaults,
        alertRulesPath: String? = nil,
        webhookURL: String? = nil,
        configPath: String? = nil,
        reloadOnHangup: Bool = true
    ) {
        self.limiter = limiter
        self.supervisor = supervisor
        self.frameInterval = frameInterval
        self.recoveryInterval = recoveryInterval
        self.alertInterval = alertInterval
        self.sampleInterval = sampleInterval
        self.configPollInterval = configPollInterval
        self.alertRules = alertRules
        self.alertRulesPath = alertRulesPath
        self.webhookURL = webhookURL
        self.configPath = configPath
        self.reloadOnHangup = reloadOnHangup
    }
}
