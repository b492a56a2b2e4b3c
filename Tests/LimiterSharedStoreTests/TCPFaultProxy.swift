import NIOCore
import NIOPosix
import Synchronization

/// A loopback TCP proxy in front of the store that can cut its host off: ``cut()`` closes
/// every connection and refuses new ones until ``restore()`` (tc netem is not available).
final class TCPFaultProxy: Sendable {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let state = Mutex<(cut: Bool, channels: [any Channel])>((false, []))
    private let server: any Channel
    /// The port to connect to instead of the store's.
    let port: Int

    init(targetPort: Int) async throws {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let box = ProxyBox()
        server = try await bootstrap.childChannelInitializer { inbound in
            box.proxy!.accept(inbound, targetPort: targetPort)
        }.bind(host: "127.0.0.1", port: 0).get()
        port = server.localAddress!.port!
        box.proxy = self
    }

    private func accept(_ inbound: any Channel, targetPort: Int) -> EventLoopFuture<Void> {
        let refused = state.withLock { s in
            if !s.cut { s.channels.append(inbound) }
            return s.cut
        }
        if refused { return inbound.close() }
        return ClientBootstrap(group: inbound.eventLoop).connect(host: "127.0.0.1", port: targetPort).flatMap { outbound in
            self.state.withLock { $0.channels.append(outbound) }
            // The accepted channel reads only once this future completes: no byte is lost.
            return inbound.pipeline.addHandler(Glue(peer: outbound)).and(outbound.pipeline.addHandler(Glue(peer: inbound)))
                .map { _ in }
        }.flatMapError { _ in inbound.close() }
    }

    /// Closes every connection through the proxy and refuses new ones.
    func cut() {
        let channels = state.withLock { s in
            s.cut = true
            defer { s.channels = [] }
            return s.channels
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Accepts connections again.
    func restore() { state.withLock { $0.cut = false } }

    func shutdown() async throws {
        cut()
        try await server.close()
        try await group.shutdownGracefully()
    }
}

/// Lets the child initializer reach the proxy once it is built.
private final class ProxyBox: @unchecked Sendable {
    var proxy: TCPFaultProxy?
}

/// Copies bytes from one channel to its peer; closing either closes both.
private final class Glue: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let peer: any Channel

    init(peer: any Channel) { self.peer = peer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
