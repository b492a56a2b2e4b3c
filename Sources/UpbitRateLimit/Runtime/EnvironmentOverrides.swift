/// `UPBIT_RATE_LIMIT_<GROUP>_RPS` and `UPBIT_RATE_LIMIT_<GROUP>_BURST` (seed names).
///
/// `<GROUP>` is the group name upper-cased with `-` → `_` (`order-test` → `ORDER_TEST`).
/// Both act on the group's primary (shortest) window: `RPS` sets its average rate, `BURST`
/// the requests allowed at once; the window becomes `BURST` per `BURST / RPS` seconds.
/// With only `RPS`, the window length stays and the count follows; with only `BURST`, the
/// rate stays and the length follows.
public enum EnvironmentOverrides {
    /// The variable prefix.
    public static let prefix = "UPBIT_RATE_LIMIT_"

    /// The accepted `RPS`: (0, 1000000] requests per second (the most a window may count, per second).
    public static let rates = InputRange.above(0, through: 1_000_000)

    /// The variable-name part of `group`.
    public static func variableName(of group: GroupID) -> String {
        group.rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// `table` with the overrides in `environment` applied; errors name the variable and value.
    public static func apply(_ environment: [String: String], to table: LimitTable) throws(ConfigurationError) -> LimitTable {
        let byName = Dictionary(table.groups.indices.map { (variableName(of: table.groups[$0].name), $0) },
                                uniquingKeysWith: { first, _ in first })
        var rps: [Int: (String, Double)] = [:]
        var burst: [Int: (String, Int)] = [:]
        for (key, raw) in environment.sorted(by: { $0.key < $1.key }) where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            let isRPS = rest.hasSuffix("_RPS")
            guard isRPS || rest.hasSuffix("_BURST") else { continue }
            let name = String(rest.dropLast(isRPS ? 4 : 6))
            guard let index = byName[name] else {
                throw .init(.invalidValue, "environment \(key)=\(raw): no group '\(name)' (known: \(byName.keys.sorted().joined(separator: ", ")))")
            }
            do {
                if isRPS {
                    rps[index] = (key, try CheckedInput.number(raw, key, in: rates, what: "a number of requests per second"))
                } else {
                    burst[index] = (key, try CheckedInput.count(raw, key, in: LimitWindow.limits))
                }
            } catch {
                throw .init(.invalidValue, "environment \(key)=\(raw): \(error.reason)")
            }
        }
        guard !rps.isEmpty || !burst.isEmpty else { return table }
        var groups = table.groups
        for index in Set(rps.keys).union(burst.keys) {
            let group = groups[index]
            let primary = group.windows.indices.min { group.windows[$0].seconds < group.windows[$1].seconds }!
            let current = group.windows[primary]
            let rate = rps[index]?.1 ?? current.perSecond
            let count = burst[index]?.1 ?? max(1, Int((rate * current.seconds).rounded()))
            let seconds = Double(count) / rate
            guard LimitWindow.lengths.contains(seconds) else {
                let names = [rps[index]?.0, burst[index]?.0].compactMap { $0 }.joined(separator: " and ")
                throw .init(.invalidValue, "environment \(names): a window of \(count) per \(seconds) s is outside "
                            + "\(LimitWindow.lengths) s (BURST / RPS)")
            }
            groups[index].windows[primary] = LimitWindow(limit: count, seconds: seconds)
        }
        return try LimitTable(source: table.source + "+env", groups: groups)
    }
}
