import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A route answered in the channel pipeline when its answer needs no waiting.
struct SidecarFastRoute: Sendable {
    /// What a fast route answers.
    struct Answer {
        var status: HTTPResponse.Status
        var body: FlatJSONObject?

        /// 204 when `body` succeeds, else the status and `{"error": message}` of its ``SidecarRequestError``.
        static func noContent(_ body: () throws -> Void) -> Answer {
            do {
                try body()
                return Answer(status: .noContent)
            } catch let error as SidecarRequestError {
                return Answer(status: error.status, body: FlatJSONObject([("error", .string(error.message))]))
            } catch {
                return Answer(status: .internalServerError, body: FlatJSONObject([("error", .string("\(error)"))]))
            }
        }
    }

    var method: HTTPRequest.Method
    /// The exact request path (a query string sends the request to the router).
    var path: String
    /// The answer to a request with this head and whole body from this peer; nil hands the request to the
    /// router, which answers it (and its errors) the usual way.
    var answer: @Sendable (HTTPRequest, ByteBuffer, SidecarAccess.Peer) -> Answer?
}

/// Answers the requests that need no waiting (a granted acquire, a report) in the channel pipeline, in the
/// event-loop turn that read them, and hands every other request to Hummingbird's router unchanged.
///
/// Skipping the router saves what dominates a sub-microsecond limiter call: the hand-over to the
/// connection's task, the request and context values, per-request logger metadata and routing.
/// Answers keep the request order: while a request handed to the router is unanswered, later requests
/// on the connection go to the router too.
final class SidecarFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        case idle
        /// A fast route's request: its head and the body so far.
        case buffering(HTTPRequest, ByteBuffer, SidecarFastRoute)
        /// The current request belongs to the router.
        case forwarding
    }

    private let routes: [SidecarFastRoute]
    private let bodyLimit: Int
    private let serverName: String
    private var state = State.idle
    /// Requests handed to the router whose answer has not been written yet.
    private var routerPending = 0
    private var date = HTTPDate()
    /// The connection's peer, read off its socket address at the first request.
    private var peer: SidecarAccess.Peer?

    /// A handler answering `routes` for bodies up to `bodyLimit` bytes (larger ones go to the router).
    init(routes: [SidecarFastRoute], bodyLimit: Int, serverName: String) {
        self.routes = routes
        self.bodyLimit = bodyLimit
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (part, state) {
        case (.head(let head), .idle):
            if routerPending == 0, head.headerFields[.expect] == nil,
               let route = routes.first(where: { $0.method == head.method && $0.path == head.path }) {
                state = .buffering(head, context.channel.allocator.buffer(capacity: 0), route)
            } else {
                forward(context, [part])
            }
        case (.body(var bytes), .buffering(let head, var body, let route)):
            guard body.readableBytes + bytes.readableBytes <= bodyLimit else {
                return forward(context, [.head(head), .body(body), part])
            }
            body.writeBuffer(&bytes)
            state = .buffering(head, body, route)
        case (.end, .buffering(let head, let body, let route)):
            state = .idle
            let peer = peer ?? SidecarAccess.Peer(context.channel.remoteAddress)
            self.peer = peer
            guard let answer = route.answer(head, body, peer) else {
                return forward(context, [.head(head)] + (body.readableBytes > 0 ? [.body(body)] : []) + [part])
            }
            send(answer, closing: head.headerFields[.connection] == "close", context: context)
        case (.end, _):
            state = .idle
            context.fireChannelRead(data)
        default:
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { routerPending = max(0, routerPending - 1) }
        context.write(data, promise: promise)
    }

    /// Hands `parts` (starting with a request head) to the router; the rest of the request follows them.
    private func forward(_ context: ChannelHandlerContext, _ parts: [HTTPRequestPart]) {
        routerPending += 1
        if case .end = parts.last { state = .idle } else { state = .forwarding }
        for part in parts { context.fireChannelRead(wrapInboundOut(part)) }
    }

    private func send(_ answer: SidecarFastRoute.Answer, closing: Bool, context: ChannelHandlerContext) {
        var head = HTTPResponse(status: answer.status)
        var body: ByteBuffer?
        if let object = answer.body {
            var bytes = context.channel.allocator.buffer(capacity: 64)
            object.write(to: &bytes)
            head.headerFields[.contentType] = "application/json"
            head.headerFields[.contentLength] = String(bytes.readableBytes)
            body = bytes
        }
        head.headerFields[.date] = date.now()
        head.headerFields[.server] = serverName
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if closing {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

/// The `Date` header value (IMF-fixdate), formatted once a second.
struct HTTPDate {
    private var second = 0
    private var text = ""

    /// The current time as `Sun, 06 Nov 1994 08:49:37 GMT`.
    mutating func now() -> String {
        let seconds = time(nil)
        guard seconds != second else { return text }
        var t = seconds
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        second = seconds
        text = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return text
    }
}
