/// Why an acquire did not return a permit.
public struct RateLimitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of refusal.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable, CaseIterable {
            case timeout, blocked, circuitOpen, shuttingDown, unknownGroup, storeUnavailable
        }
        private let base: Base
        private init(base: Base) { self.base = base }
        /// The deadline passed before a slot was free.
        public static let timeout = Code(base: .timeout)
        /// The scope is blocked after a 418 answer.
        public static let blocked = Code(base: .blocked)
        /// The group's circuit breaker is open.
        public static let circuitOpen = Code(base: .circuitOpen)
        /// The limiter is shutting down.
        public static let shuttingDown = Code(base: .shuttingDown)
        /// The group is not in the limit table.
        public static let unknownGroup = Code(base: .unknownGroup)
        /// The group is shared across hosts and its store did not answer in time (fail closed).
        public static let storeUnavailable = Code(base: .storeUnavailable)
        public var description: String { base.rawValue }

        /// The code's snake_case name (`circuit_open`): how the sidecar's API names it.
        public var name: String {
            base.rawValue.reduce(into: "") { name, c in name += c.isUppercase ? "_" + c.lowercased() : String(c) }
        }

        /// The code with this snake_case ``name``; nil for any other string.
        public init?(name: String) {
            guard let base = Base.allCases.first(where: { Code(base: $0).name == name }) else { return nil }
            self.init(base: base)
        }
    }

    public let code: Code
    /// The group the request was charged to.
    public let group: GroupID
    /// How long to wait before trying again, when known.
    public let retryAfter: Duration?

    public init(_ code: Code, group: GroupID, retryAfter: Duration? = nil) {
        self.code = code
        self.group = group
        self.retryAfter = retryAfter
    }

    public static func timeout(_ group: GroupID) -> Self { .init(.timeout, group: group) }
    public static func blocked(_ group: GroupID, retryAfter: Duration) -> Self { .init(.blocked, group: group, retryAfter: retryAfter) }
    public static func circuitOpen(_ group: GroupID, retryAfter: Duration) -> Self { .init(.circuitOpen, group: group, retryAfter: retryAfter) }
    public static func shuttingDown(_ group: GroupID) -> Self { .init(.shuttingDown, group: group) }
    public static func unknownGroup(_ group: GroupID) -> Self { .init(.unknownGroup, group: group) }
    public static func storeUnavailable(_ group: GroupID, retryAfter: Duration) -> Self {
        .init(.storeUnavailable, group: group, retryAfter: retryAfter)
    }

    public var description: String {
        let retry = retryAfter.map { ", retry after \($0.formatted(.units(allowed: [.seconds, .milliseconds])))" } ?? ""
        return "\(code) for group '\(group)'\(retry)"
    }
}
