/// A parsed `METHOD /path` entry of the limit table.
///
/// Segments are literals, `{name}` (any one segment) or a final `*` (one or more segments).
struct EndpointTemplate: Hashable, Sendable {
    enum Segment: Hashable, Sendable {
        case literal(Substring)
        case parameter
        case rest
    }

    let method: String
    let segments: [Segment]

    init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[1].hasPrefix("/"), parts[0].allSatisfy(\.isLetter) else { return nil }
        method = parts[0].uppercased()
        var segments: [Segment] = []
        let raw = parts[1].split(separator: "/")
        for (i, piece) in raw.enumerated() {
            if piece == "*" {
                guard i == raw.count - 1 else { return nil }
                segments.append(.rest)
            } else if piece.hasPrefix("{"), piece.hasSuffix("}") {
                segments.append(.parameter)
            } else {
                segments.append(.literal(piece))
            }
        }
        guard !segments.isEmpty else { return nil }
        self.segments = segments
    }

    /// Whether the template has no parameter or wildcard.
    var isLiteral: Bool { segments.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// How specific a match is: more literal segments win, then fewer wildcards.
    var specificity: Int {
        segments.reduce(0) { score, segment in
            switch segment {
            case .literal: score + 100
            case .parameter: score + 10
            case .rest: score
            }
        }
    }

    func matches(_ path: [Substring]) -> Bool {
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .rest: return path.count > i
            case .parameter: if i >= path.count { return false }
            case .literal(let text): if i >= path.count || path[i] != text { return false }
            }
        }
        return path.count == segments.count
    }
}
