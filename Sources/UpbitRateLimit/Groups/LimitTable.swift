import Foundation

/// Every limit group the limiter knows, with the endpoints charged to each: data, not code.
///
/// Upbit changed its limits four times in three years, so the table is a JSON document
/// (``LimitTable/Preset`` ships the known ones) that a user file can replace or amend.
public struct LimitTable: Hashable, Sendable, Codable {
    /// A known set of published figures.
    public enum Preset: String, Sendable, CaseIterable, Codable {
        /// Upbit Korea since 2026-08-21: order 12/s, pocket-scoped private groups.
        case korea = "korea"
        /// Upbit's global regions with the older figures (order 8/s).
        case global = "global"
    }

    /// Which preset or file this table came from, for the status and the logs.
    public var source: String
    public var groups: [LimitGroup]

    public init(source: String, groups: [LimitGroup]) throws(ConfigurationError) {
        self.source = source
        self.groups = groups
        try validate(origin: source)
    }

    /// The group named `name`, if the table has it.
    public subscript(name: GroupID) -> LimitGroup? { groups.first { $0.name == name } }

    /// The table shipped for `preset`.
    public static func preset(_ preset: Preset) -> LimitTable {
        var groups = DefaultLimits.korea
        if preset == .global, let i = groups.firstIndex(where: { $0.name == .order }) {
            groups[i].windows = [LimitWindow(limit: 8, seconds: 1)]
        }
        // The shipped tables are checked by the test suite; failing here is a programming error.
        return try! LimitTable(source: "preset:\(preset.rawValue)", groups: groups)
    }

    /// Loads a table from a JSON file: `{"base": "korea", "groups": [...]}`.
    ///
    /// Groups in the file replace the preset's groups of the same name and add new ones;
    /// a group given without `endpoints` keeps the preset's endpoints.
    public static func load(contentsOf path: String) throws(ConfigurationError) -> LimitTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .init(.unreadableFile, "\(path): cannot read the file")
        }
        return try decode(data, origin: path)
    }

    /// Decodes an override document (see ``load(contentsOf:)``); `origin` names it in errors.
    public static func decode(_ data: Data, origin: String) throws(ConfigurationError) -> LimitTable {
        struct GroupOverride: Decodable {
            var name: GroupID
            var scope: LimitScope?
            var windows: [LimitWindow]?
            var endpoints: [String]?
        }
        struct Document: Decodable {
            var base: Preset?
            var groups: [GroupOverride]?
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw .init(.malformed, "\(origin): \(ConfigurationError.describe(error))")
        }
        var table = preset(document.base ?? .korea)
        for override in document.groups ?? [] {
            if let i = table.groups.firstIndex(where: { $0.name == override.name }) {
                if let scope = override.scope { table.groups[i].scope = scope }
                if let windows = override.windows { table.groups[i].windows = windows }
                if let endpoints = override.endpoints { table.groups[i].endpoints = endpoints }
            } else {
                guard let scope = override.scope, let windows = override.windows else {
                    throw .init(.invalidValue, "\(origin): new group '\(override.name)' needs 'scope' and 'windows'")
                }
                table.groups.append(LimitGroup(name: override.name, scope: scope, windows: windows,
                                               endpoints: override.endpoints ?? []))
            }
        }
        table.source = origin
        try table.validate(origin: origin)
        return table
    }

    private func validate(origin: String) throws(ConfigurationError) {
        var seen: Set<GroupID> = []
        for group in groups {
            let at = "\(origin): group '\(group.name)'"
            guard !group.name.rawValue.isEmpty else { throw .init(.invalidValue, "\(origin): a group has an empty name") }
            guard seen.insert(group.name).inserted else { throw .init(.invalidValue, "\(at) appears twice") }
            guard !group.windows.isEmpty else { throw .init(.invalidValue, "\(at) has no windows") }
            for window in group.windows {
                do {
                    _ = try CheckedInput.count(window.limit, "limit", in: LimitWindow.limits)
                    _ = try CheckedInput.seconds(window.seconds, "seconds", in: LimitWindow.lengths)
                } catch {
                    throw .init(.invalidValue, "\(at): window \(error.input) \(error.reason)")
                }
            }
            for endpoint in group.endpoints where EndpointTemplate(endpoint) == nil {
                throw .init(.invalidValue, "\(at): endpoint '\(endpoint)' is not 'METHOD /path'")
            }
        }
        guard seen.contains(.default) else {
            throw .init(.invalidValue, "\(origin): the table needs a 'default' group for unknown exchange endpoints")
        }
    }
}
