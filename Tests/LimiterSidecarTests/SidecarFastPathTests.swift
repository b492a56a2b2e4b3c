import HTTPTypes
@testable import LimiterSidecar
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

/// The pipeline fast path on an embedded channel: what it answers itself, and what it leaves to the router
/// (the parts left in the channel's inbound buffer).
@Suite struct SidecarFastPathTests {
    private func channel(bodyLimit: Int = 16 * 1024) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        channel.remoteAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 50_000)
        try channel.pipeline.syncOperations.addHandler(
            SidecarFastPathHandler(routes: makeServer().fastRoutes, bodyLimit: bodyLimit, serverName: "upbit-limiter"))
        return channel
    }

    private func send(_ channel: EmbeddedChannel, _ path: String, _ body: String? = nil,
                      method: HTTPRequest.Method = .post) throws {
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: method, scheme: "http", authority: "x", path: path)))
        if let body { try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: body))) }
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// The status and body of the answer written by the fast path, nil when it wrote none.
    private func answer(_ channel: EmbeddedChannel) throws -> (HTTPResponse, String)? {
        guard case .head(let head)? = try channel.readOutbound(as: HTTPResponsePart.self) else { return nil }
        var body = ""
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            if case .body(let bytes) = part { body += String(buffer: bytes) }
        }
        return (head, body)
    }

    private func forwarded(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    @Test func grantedAcquireAndReportAreAnsweredInThePipeline() throws {
        let channel = try channel()
        try send(channel, "/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET","timeout":1}"#)
        let (head, body) = try #require(try answer(channel))
        #expect(head.status == .ok)
        #expect(head.headerFields[.contentType] == "application/json")
        #expect(head.headerFields[.contentLength] == String(body.utf8.count))
        #expect(head.headerFields[.date]?.hasSuffix(" GMT") == true)
        #expect(body.hasPrefix(#"{"group":"ticker","waited_ms":"#))
        try send(channel, "/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":200}"#)
        #expect(try answer(channel)?.0.status == .noContent)
        #expect(try forwarded(channel).isEmpty)
    }

    /// Bad bodies, negative timeouts, escaped strings and oversized bodies reach the router byte for byte,
    /// which answers them (400 naming the field, 413) as before.
    @Test(arguments: [
        #"{"endpoint":5,"method":"GET"}"#, #"{"endpoint":"/v1/ticker","method":"GET","timeout":-1}"#,
        #"{"endpoint":"\/v1\/ticker","method":"GET"}"#, "not json",
        #"{"endpoint":""# + String(repeating: "a", count: 100) + #"","method":"GET"}"#,
    ])
    func anythingElseGoesToTheRouterUnchanged(body: String) throws {
        let channel = try channel(bodyLimit: 64)
        try send(channel, "/v1/acquire", body)
        #expect(try answer(channel) == nil)
        let parts = try forwarded(channel)
        guard case .head(let head)? = parts.first, case .end? = parts.last else {
            Issue.record("expected head … end, got \(parts)")
            return
        }
        #expect(head.path == "/v1/acquire")
        let bytes = parts.compactMap { if case .body(let b) = $0 { String(buffer: b) } else { nil } }.joined()
        #expect(bytes == body)
    }

    /// While the router owes an answer, later requests queue behind it: answers keep the request order.
    @Test func requestsBehindARouterRequestGoToTheRouter() throws {
        let channel = try channel()
        let acquire = #"{"endpoint":"/v1/ticker","method":"GET"}"#
        try send(channel, "/v1/status", method: .get)
        try send(channel, "/v1/acquire", acquire)
        #expect(try answer(channel) == nil)
        #expect(try forwarded(channel).count == 5)
        try routerAnswers(channel)
        try send(channel, "/v1/acquire", acquire)
        #expect(try answer(channel) == nil, "the router still owes the first acquire's answer")
        #expect(try forwarded(channel).count == 3)
        try routerAnswers(channel)
        try routerAnswers(channel)
        try send(channel, "/v1/acquire", acquire)
        #expect(try answer(channel)?.0.status == .ok)
        #expect(try forwarded(channel).isEmpty)
    }

    /// The router writes one answer through the handler.
    private func routerAnswers(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
    }
}
