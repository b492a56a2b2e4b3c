/// Where a request is charged.
public struct EndpointRoute: Hashable, Sendable {
    /// The group whose budget the request consumes.
    public var group: GroupID
    /// False when no table entry matched and a fallback group was chosen.
    public var isMapped: Bool

    public init(group: GroupID, isMapped: Bool) {
        self.group = group
        self.isMapped = isMapped
    }
}

/// Maps `(method, path)` to the limit group that Upbit charges.
///
/// Matching ignores query strings and a trailing slash and accepts paths without the
/// `/v1` prefix (`/ticker`, as older bots write them). The method matters:
/// `GET /v1/orders/open` is `default`, `DELETE /v1/orders/open` is `order-cancel-all`.
///
/// Unknown paths fall back conservatively and are reported as unmapped: a path whose first
/// segment belongs to a quotation group (`/v1/candles/…`) goes to that group; any other path
/// goes to `default`. A request carrying an `Origin` header to an IP-scoped (quotation)
/// group is charged to `origin` instead, when the table has it.
public struct EndpointMap: Sendable {
    private var exact: [String: GroupID] = [:]
    private var templates: [(template: EndpointTemplate, group: GroupID)] = []
    private var quotationPrefixes: [Substring: GroupID] = [:]
    private var scopes: [GroupID: LimitScope] = [:]
    private let hasOriginGroup: Bool

    /// Builds the map from the endpoints listed in `table`.
    public init(table: LimitTable) {
        hasOriginGroup = table[.origin] != nil
        for group in table.groups {
            scopes[group.name] = group.scope
            for text in group.endpoints {
                guard let template = EndpointTemplate(text) else { continue }
                if template.isLiteral {
                    exact[Self.key(template.method, template.segments.map { if case .literal(let s) = $0 { s } else { "" } })] = group.name
                } else {
                    templates.append((template, group.name))
                }
                if group.scope == .ip, template.segments.count > 1, case .literal(let first) = template.segments[1] {
                    quotationPrefixes[first] = group.name
                }
            }
        }
        templates.sort { $0.template.specificity > $1.template.specificity }
    }

    /// The group for a request; `hasOrigin` is whether it carries an `Origin` header.
    public func route(method: String, path: String, hasOrigin: Bool = false) -> EndpointRoute {
        let method = method.uppercased()
        let segments = Self.normalize(path)
        var route = lookup(method: method, segments: segments)
        if hasOrigin, hasOriginGroup, scopes[route.group] == .ip {
            route.group = .origin
        }
        return route
    }

    private func lookup(method: String, segments: [Substring]) -> EndpointRoute {
        if let group = exact[Self.key(method, segments)] { return EndpointRoute(group: group, isMapped: true) }
        if let hit = templates.first(where: { $0.template.method == method && $0.template.matches(segments) }) {
            return EndpointRoute(group: hit.group, isMapped: true)
        }
        if segments.count > 1, let group = quotationPrefixes[segments[1]] {
            return EndpointRoute(group: group, isMapped: false)
        }
        return EndpointRoute(group: .default, isMapped: false)
    }

    private static func key(_ method: String, _ segments: [Substring]) -> String {
        method + " /" + segments.joined(separator: "/")
    }

    /// Path segments without query, fragment, empty segments; `/v1` added when missing.
    static func normalize(_ path: String) -> [Substring] {
        let bare = path.prefix { $0 != "?" && $0 != "#" }
        var segments = bare.split(separator: "/", omittingEmptySubsequences: true)
        if let first = segments.first, first != "v1", first != "websocket" {
            segments.insert("v1", at: 0)
        }
        return segments
    }
}
