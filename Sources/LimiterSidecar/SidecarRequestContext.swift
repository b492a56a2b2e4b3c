import Hummingbird
import NIOCore

/// The router's request context: Hummingbird's basic context plus the peer's class (loopback or not).
public struct SidecarRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Where the request came from, read off the connection's socket address.
    public let peer: SidecarAccess.Peer

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = SidecarAccess.Peer(source.channel.remoteAddress)
    }
}
