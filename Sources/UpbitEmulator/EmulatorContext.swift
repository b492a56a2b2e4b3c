import Hummingbird

/// The request context of the emulator: Hummingbird's core storage and the peer's address.
public struct EmulatorContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address ("unknown" when the channel has none).
    public let remoteIP: String

    /// A context for a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
