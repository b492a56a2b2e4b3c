import UpbitRateLimit

/// What a ``RequestGate`` hands out with a request it lets through, and takes back with its answer.
public enum GatePermit: Hashable, Sendable {
    /// A permit of an in-process ``UpbitRateLimit/RateLimiter``.
    case local(Permit)
    /// A leased permit of a sidecar (``SidecarGate``), by the opaque id its acquire answered.
    case remote(id: String)
}
