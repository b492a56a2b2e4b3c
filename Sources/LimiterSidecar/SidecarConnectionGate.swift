import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Counts the sidecar's open HTTP connections and refuses those past ``limit``: the first request
/// on such a connection is answered `503 {"error": "too many connections …"}` and the connection closed.
///
/// Refusing with an answer (rather than leaving the connection unaccepted) tells the client why;
/// the socket is held only for that one answer.
final class SidecarConnectionGate: Sendable {
    /// The most connections served at once.
    let limit: Int
    private let open = Atomic<Int>(0)

    /// A gate admitting `limit` connections.
    init(limit: Int) { self.limit = limit }

    /// How many connections are admitted now.
    var count: Int { open.load(ordering: .relaxed) }

    /// The handler for one new connection's pipeline.
    func handler() -> SidecarConnectionLimitHandler { SidecarConnectionLimitHandler(gate: self) }

    /// Takes a place; false when ``limit`` connections are already open.
    func enter() -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard now <= limit else {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives a place back.
    func leave() { open.wrappingSubtract(1, ordering: .relaxed) }
}

/// One connection's side of ``SidecarConnectionGate``.
final class SidecarConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let gate: SidecarConnectionGate
    /// Nil until the pipeline is set up; then whether this connection holds a place.
    private var admitted: Bool?

    init(gate: SidecarConnectionGate) { self.gate = gate }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = gate.enter()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if admitted == true { gate.leave() }
        admitted = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted == false else { return context.fireChannelRead(data) }
        guard case .head = unwrapInboundIn(data) else { return }
        var body = context.channel.allocator.buffer(capacity: 96)
        body.writeString(#"{"error":"too many connections (limit \#(gate.limit)); retry later"}"#)
        var head = HTTPResponse(status: .serviceUnavailable)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        head.headerFields[.retryAfter] = "1"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
