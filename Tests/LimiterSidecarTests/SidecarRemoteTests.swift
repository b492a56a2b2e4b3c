import Foundation
import Hummingbird
import HummingbirdTesting
@testable import LimiterSidecar
import Testing
import UpbitRateLimit

@Suite struct SidecarRemoteTests {
    @Test func remoteSourceReceivesAFrameAndControlIsAuthenticated() async throws {
        let server = makeServer()
        try await Application(router: server.router()).test(.live) { client in
            let base = "http://127.0.0.1:\(client.port ?? 0)"
            let source = SidecarStatusSource(baseURL: base, interval: .milliseconds(50))
            var frame: StatusFrame?
            for await update in source.updates() {
                if case .frame(let received) = update { frame = received; break }
            }
            #expect(frame?.group(.ticker) != nil)
            await #expect(throws: SidecarClientError("not authorised")) {
                try await SidecarControl(baseURL: base, token: "wrong").setEmergency(enabled: true, duration: nil, correlationID: nil)
            }
            try await SidecarControl(baseURL: base, token: "secret").resetRecovery(group: .ticker, correlationID: "t1")
        }
    }

    @Test func sourceReportsADisconnection() async throws {
        let source = SidecarStatusSource(baseURL: "http://127.0.0.1:1")
        for await update in source.updates() {
            guard case .disconnected(_, let reason) = update else { continue }
            #expect(!reason.isEmpty)
            break
        }
    }

    @Test func tokenFileMustBePrivate() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID()).token").path
        defer { unlink(path) }
        let token = SidecarTokenFile.generate()
        try SidecarTokenFile.write(token, to: path)
        #expect(try SidecarTokenFile.read(path) == token)
        chmod(path, 0o644)
        #expect(throws: SidecarClientError.self) { try SidecarTokenFile.read(path) }
    }

    @Test func sseParserJoinsChunks() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Array("data: {\"a\"".utf8)).isEmpty)
        #expect(try parser.feed(Array(":1}\n\ndata: x\r\n\n".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "x"])
    }
}
