/// A parsed `Remaining-Req: group=default; min=1800; sec=29` header.
///
/// Parsing is defensive: fields in any order, any spacing, `;` or `,` separators, unknown
/// fields ignored, group names with hyphens or a dotted prefix (`exchange.default` →
/// `default`). `min` is deprecated by Upbit and ignored.
public struct RemainingReq: Hashable, Sendable {
    /// The group the request was charged to, prefix removed.
    public var group: GroupID
    /// Requests left in the server's current one-second window.
    public var sec: Int

    public init(group: GroupID, sec: Int) {
        self.group = group
        self.sec = sec
    }

    /// Why a header could not be used.
    public enum ParseFailure: Error, Hashable, Sendable {
        case missingGroup
        case missingSec
        case invalidSec(String)
    }

    /// Parses a header value.
    public static func parse(_ header: String) -> Result<RemainingReq, ParseFailure> {
        var group: Substring?
        var sec: Substring?
        for field in header.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            guard let eq = field.firstIndex(of: "=") else { continue }
            let key = field[..<eq].trimmingSpaces.lowercased()
            let value = field[field.index(after: eq)...].trimmingSpaces
            switch key {
            case "group": group = value
            case "sec": sec = value
            default: continue
            }
        }
        guard var name = group else { return .failure(.missingGroup) }
        if let dot = name.lastIndex(of: ".") { name = name[name.index(after: dot)...] }
        // Checked after the prefix is removed: `group=.` or `group=exchange.` names no group.
        guard !name.isEmpty else { return .failure(.missingGroup) }
        guard let secText = sec else { return .failure(.missingSec) }
        guard let value = Int(secText), value >= 0 else { return .failure(.invalidSec(String(secText))) }
        return .success(RemainingReq(group: GroupID(String(name).lowercased()), sec: value))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        if s.first == "\"", s.last == "\"", s.count >= 2 { s = s.dropFirst().dropLast() }
        return s
    }
}
