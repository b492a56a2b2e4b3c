import UpbitRateLimit

/// A feed and its control, one host of a fleet.
public struct FleetHost: Sendable {
    /// The host's status feed (a ``StatusSource`` per sidecar).
    public var source: any StatusSource
    /// Where its control keys go; nil: read-only.
    public var control: (any LimiterControl)?
    /// Why it is read-only, when it is.
    public var readOnlyReason: String?

    /// A host watched through `source`, controlled through `control`.
    public init(source: any StatusSource, control: (any LimiterControl)?, readOnlyReason: String? = nil) {
        self.source = source
        self.control = control
        self.readOnlyReason = readOnlyReason
    }
}
