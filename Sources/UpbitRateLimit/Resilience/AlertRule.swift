/// One alert rule: a metric, a comparison with a threshold, a level.
///
/// In a rule file: `{"name": "queue_depth_critical", "metric": "queue_depth", "op": ">",
/// "threshold": 50, "level": "P1", "for_s": 0, "description": "…"}`. The alert is raised
/// once the comparison has held for `for_s` seconds and resolved as soon as it stops holding.
public struct AlertRule: Hashable, Sendable, Codable {
    /// How a value is compared with the threshold.
    public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="

        /// Whether `value` crosses `threshold`.
        public func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .greater: value > threshold
            case .greaterOrEqual: value >= threshold
            case .less: value < threshold
            case .lessOrEqual: value <= threshold
            }
        }
    }

    /// Unique name, used in the status, events and notifications.
    public var name: String
    /// What is measured.
    public var metric: AlertMetric
    /// How the value is compared with ``threshold`` (`op` in the file; default `>`).
    public var comparison: Comparison
    /// The value that, crossed, raises the alert.
    public var threshold: Double
    /// P0 (page now) to P3 (dashboard only).
    public var level: AlertLevel
    /// How long the comparison must hold before the alert is raised, seconds.
    public var forSeconds: Double
    /// What the alert means, for people.
    public var description: String

    /// A rule; `forSeconds` 0 raises at the first evaluation that finds it crossed.
    public init(name: String, metric: AlertMetric, comparison: Comparison = .greater, threshold: Double,
                level: AlertLevel, forSeconds: Double = 0, description: String = "") {
        self.name = name
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.level = level
        self.forSeconds = forSeconds
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, metric, threshold, level, description
        case comparison = "op", forSeconds = "for_s"
    }

    /// Decodes a rule; `op` defaults to `>`, `for_s` to 0, `description` to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        metric = try c.decode(AlertMetric.self, forKey: .metric)
        comparison = try c.decodeIfPresent(Comparison.self, forKey: .comparison) ?? .greater
        threshold = try c.decode(Double.self, forKey: .threshold)
        level = try c.decode(AlertLevel.self, forKey: .level)
        forSeconds = try c.decodeIfPresent(Double.self, forKey: .forSeconds) ?? 0
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
    }

    /// The sentence of an alert of this rule at `value` for `subject`.
    func message(value: Double, subject: String?) -> String {
        let shown = value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
        let limit = threshold.rounded() == threshold ? String(Int(threshold)) : String(format: "%.2f", threshold)
        let what = description.isEmpty ? name : description
        let whom = subject.map { " [\($0)]" } ?? ""
        return "\(what)\(whom): \(metric.rawValue) = \(shown) \(comparison.rawValue) \(limit)"
    }
}
