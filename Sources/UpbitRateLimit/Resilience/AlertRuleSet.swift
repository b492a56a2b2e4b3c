import Foundation

/// The alert rules in force, loaded from a JSON file or the seed's defaults.
///
/// File format: `{"rules": [AlertRule, …]}` (see ``AlertRule``); `config/alert-rules.json`
/// is the default file, equal to ``seedDefaults``.
public struct AlertRuleSet: Hashable, Sendable, Codable {
    /// The rules, in file order.
    public var rules: [AlertRule]
    /// Where the rules came from (`defaults` or a path), for logs and errors.
    public var source: String

    /// A rule set from `rules`, checked like a file.
    public init(rules: [AlertRule], source: String = "defaults") throws(ConfigurationError) {
        self.rules = rules
        self.source = source
        try validate()
    }

    enum CodingKeys: String, CodingKey { case rules }

    /// Decodes `{"rules": [...]}` (unchecked: use ``decode(_:origin:)``).
    public init(from decoder: any Decoder) throws {
        rules = try decoder.container(keyedBy: CodingKeys.self).decode([AlertRule].self, forKey: .rules)
        source = "decoded"
    }

    /// Loads a rule file; errors name the file, the line, the rule index and the key.
    public static func load(contentsOf path: String) throws(ConfigurationError) -> AlertRuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .init(.unreadableFile, "\(path): cannot read the alert rule file")
        }
        return try decode(data, origin: path)
    }

    /// Decodes a rule document; `origin` names it in errors.
    public static func decode(_ data: Data, origin: String) throws(ConfigurationError) -> AlertRuleSet {
        var set: AlertRuleSet
        do {
            set = try JSONDecoder().decode(AlertRuleSet.self, from: data)
        } catch {
            throw ConfigurationError.located(error, in: data, origin: origin)
        }
        set.source = origin
        do {
            try set.validate()
        } catch let failure {
            throw ConfigurationError(failure.code, "\(origin): \(failure.message)")
        }
        return set
    }

    private func validate() throws(ConfigurationError) {
        var seen: Set<String> = []
        for (i, rule) in rules.enumerated() {
            let at = "rules[\(i)] ('\(rule.name)')"
            guard !rule.name.isEmpty else { throw .init(.invalidValue, "rules[\(i)]: 'name' is empty") }
            guard seen.insert(rule.name).inserted else { throw .init(.invalidValue, "\(at): the name appears twice") }
            guard rule.threshold.isFinite else {
                throw .init(.invalidValue, "\(at): 'threshold' must be a finite number, got \(rule.threshold)")
            }
            guard rule.forSeconds.isFinite, rule.forSeconds >= 0 else {
                throw .init(.invalidValue, "\(at): 'for_s' must be ≥ 0, got \(rule.forSeconds)")
            }
        }
    }
}
