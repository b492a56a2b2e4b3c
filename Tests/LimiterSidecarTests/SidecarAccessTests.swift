import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import LimiterSidecar
import Logging
import NIOCore
import NIOEmbedded
import Testing
import UpbitRateLimit

/// The bot, control and read tiers; peers classified by address.
@Suite struct SidecarAccessTests {
    @Test(arguments: [("127.0.0.1", true), ("127.255.3.9", true), ("128.0.0.1", false), ("10.0.0.1", false),
                      ("::1", true), ("::ffff:127.0.0.1", true), ("::ffff:10.0.0.1", false), ("::2", false),
                      ("fe80::1", false)])
    func peersAreClassifiedByAddress(address: String, local: Bool) throws {
        let peer = SidecarAccess.Peer(try SocketAddress(ipAddress: address, port: 1))
        #expect(peer == (local ? .local : .remote))
    }

    @Test func unixSocketsAreLocalAndUnknownPeersRemote() throws {
        #expect(SidecarAccess.Peer(try SocketAddress(unixDomainSocketPath: "/tmp/x.sock")) == .local)
        #expect(SidecarAccess.Peer(nil) == .remote)
    }

    @Test func theTiers() {
        let open = SidecarAccess(controlToken: "c")
        #expect(open.allows(.bot, authorization: nil, peer: .local))
        #expect(!open.allows(.bot, authorization: nil, peer: .remote), "off loopback a bot token is always required")
        #expect(open.allows(.bot, authorization: "Bearer c", peer: .remote), "the control token opens bot routes")
        #expect(!open.allows(.control, authorization: nil, peer: .local))
        let bots = SidecarAccess(controlToken: "c", botToken: "b")
        #expect(!bots.allows(.bot, authorization: nil, peer: .local))
        #expect(!bots.allows(.bot, authorization: "Bearer x", peer: .local))
        #expect(!bots.allows(.bot, authorization: "b", peer: .local))
        #expect(bots.allows(.bot, authorization: "Bearer b", peer: .remote))
        #expect(!bots.allows(.control, authorization: "Bearer b", peer: .local), "the bot token opens no control route")
        #expect(bots.allows(.open, authorization: nil, peer: .remote))
        #expect(!SidecarAccess(controlToken: nil).allows(.control, authorization: "Bearer ", peer: .local))
    }

    /// With a bot token configured, unauthenticated bot calls are refused; bot and control tokens pass.
    @Test(.timeLimit(.minutes(1))) func aConfiguredBotTokenGuardsAcquireReportAndRelease() async throws {
        let server = SidecarServer(runtime: LimiterRuntime(configuration: .init(), environment: [:]), token: "secret",
                                   botToken: "bot")
        try await withRouter(server) { client in
            let report = #"{"endpoint":"/v1/ticker","method":"GET","status":418}"#
            #expect(try await client.post("/v1/report", report).status == .unauthorized)
            #expect(try await client.post("/v1/report", report, token: "wrong").status == .unauthorized)
            #expect(try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#).status == .unauthorized)
            #expect(try await client.post("/v1/release", #"{"permit":"x"}"#).status == .unauthorized)
            #expect(server.runtime.status().group(.ticker)?.errors418Total == 0, "the refused 418 report blocked nothing")
            let acquired = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#, token: "bot")
            #expect(acquired.status == .ok)
            let ok = #"{"endpoint":"/v1/ticker","method":"GET","status":200}"#
            #expect(try await client.post("/v1/report", ok, token: "bot").status == .noContent)
            #expect(try await client.post("/v1/report", ok, token: "secret").status == .noContent)
            #expect(try await client.execute(uri: "/v1/status", method: .get).status == .ok, "read routes stay open by default")
        }
    }

    @Test(arguments: [SidecarAccess.Tier.bot, .control])
    func readRoutesFollowTheReadTier(tier: SidecarAccess.Tier) async throws {
        let server = SidecarServer(runtime: LimiterRuntime(configuration: .init(), environment: [:]), token: "secret",
                                   botToken: "bot", readAccess: tier)
        try await withRouter(server) { client in
            for path in ["/v1/status", "/metrics", "/healthz", "/v1/status/stream"] {
                #expect(try await client.execute(uri: path, method: .get).status == .unauthorized, "\(path)")
            }
            // (an authorised stream never ends, so it is left out here)
            for path in ["/v1/status", "/metrics", "/healthz"] {
                let bot = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer bot"])
                #expect(bot.status == (tier == .bot ? .ok : .unauthorized), "\(path)")
            }
            let control = try await client.execute(uri: "/v1/status", method: .get, headers: [.authorization: "Bearer secret"])
            #expect(control.status == .ok)
        }
    }

    /// From a non-loopback peer a report without a token is refused by the router, and the fast path leaves it to the router.
    @Test func anUnauthenticatedReportFromAnotherHostIsRefused() throws {
        let server = makeServer()
        let channel = EmbeddedChannel()
        channel.remoteAddress = try SocketAddress(ipAddress: "10.1.2.3", port: 40_000)
        let context = SidecarRequestContext(source: .init(channel: channel, logger: Logger(label: "test")))
        #expect(context.peer == .remote)
        let head = HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/v1/report")
        let refused = server.refusal(.bot, Request(head: head, body: .init(buffer: ByteBuffer())), context)
        #expect(refused?.status == .unauthorized)
        var authorised = head
        authorised.headerFields[.authorization] = "Bearer secret"
        #expect(server.refusal(.bot, Request(head: authorised, body: .init(buffer: ByteBuffer())), context) == nil)
        let route = try #require(server.fastRoutes.first { $0.path == "/v1/report" })
        let body = ByteBuffer(string: #"{"endpoint":"/v1/ticker","method":"GET","status":418}"#)
        #expect(route.answer(head, body, .remote) == nil)
        #expect(route.answer(head, body, .local)?.status == .noContent)
    }
}
