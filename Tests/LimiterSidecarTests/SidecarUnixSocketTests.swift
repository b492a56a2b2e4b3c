import AsyncHTTPClient
import Foundation
import Logging
import LimiterSidecar
import NIOCore
import ServiceLifecycle
import Testing

@Suite struct SidecarUnixSocketTests {
    /// A fresh socket path in the temporary directory.
    private func temporaryPath() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("upbit-limiter-test-\(UUID().uuidString.prefix(8)).sock")
    }

    @Test func acquireOverTheSocketThenTheFileIsRemoved() async throws {
        let path = temporaryPath()
        let (running, signal) = AsyncStream.makeStream(of: Void.self)
        let service = try SidecarUnixSocketService(server: makeServer(), path: path) { signal.yield() }
        let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test")))
        async let served: Void = group.run()
        for await _ in running { break }

        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        var request = HTTPClientRequest(url: URL(httpURLWithSocketPath: path, uri: "/v1/acquire")!.absoluteString)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: #"{"endpoint":"/v1/ticker","method":"GET"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1024))
        #expect(response.status == .ok)
        #expect(body.contains(#""group":"ticker""#))
        #expect(throws: SidecarUnixSocketError.self) { try SidecarUnixSocketService(server: makeServer(), path: path) }

        await group.triggerGracefulShutdown()
        try await served
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aPathThatIsNotASocketIsRefused() throws {
        let path = temporaryPath()
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SidecarUnixSocketError("--unix-socket \(path): exists and is not a socket")) {
            try SidecarUnixSocketService(server: makeServer(), path: path)
        }
        #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
    }

    @Test func aTooLongPathIsRefused() {
        let path = "/tmp/" + String(repeating: "s", count: 200) + ".sock"
        #expect(throws: SidecarUnixSocketError("--unix-socket \(path): too long for a socket path (\(path.utf8.count) bytes)")) {
            try SidecarUnixSocketService.check(path)
        }
    }
}
