import Foundation
import LimiterSidecar
import Testing

/// Generated tokens live in a private directory, one file per bound port, mode 0600.
@Suite struct SidecarTokenFileTests {
    /// A fresh 0700 directory standing in for `$XDG_RUNTIME_DIR`.
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-test-\(UUID())").path
        guard mkdir(path, 0o700) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func theRuntimeDirectoryIsUsedAndEachPortHasItsOwnFile() throws {
        let runtime = try scratch()
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let directory = try SidecarTokenFile.privateDirectory(environment: ["XDG_RUNTIME_DIR": runtime])
        #expect(directory == runtime + "/upbit-limiter")
        #expect(mode(directory) == 0o700)
        let first = SidecarTokenFile.path(in: directory, port: 41_001)
        let second = SidecarTokenFile.path(in: directory, port: 41_002)
        #expect(first != second, "two sidecars never share a token file")
        try SidecarTokenFile.write("a", to: first)
        try SidecarTokenFile.write("b", to: second)
        #expect(try SidecarTokenFile.read(first) == "a" && SidecarTokenFile.read(second) == "b")
        #expect(mode(first) == 0o600)
        try SidecarTokenFile.write("c", to: first)
        #expect(try SidecarTokenFile.read(first) == "c", "a stale file of a dead sidecar on that port is replaced")
    }

    @Test func withoutARuntimeDirectoryAPrivateOneIsMadeUnderTMPDIR() throws {
        let temporary = try scratch()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let directory = try SidecarTokenFile.privateDirectory(environment: ["TMPDIR": temporary])
        #expect(directory == temporary + "/upbit-limiter-\(geteuid())")
        #expect(mode(directory) == 0o700)
    }

    @Test func aSharedOrLinkedDirectoryIsRefused() throws {
        let temporary = try scratch()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let planted = temporary + "/upbit-limiter-\(geteuid())"
        mkdir(planted, 0o777)
        chmod(planted, 0o777)
        #expect(throws: SidecarClientError.self) { try SidecarTokenFile.privateDirectory(environment: ["TMPDIR": temporary]) }
        rmdir(planted)
        symlink(temporary, planted)
        #expect(throws: SidecarClientError.self) { try SidecarTokenFile.privateDirectory(environment: ["TMPDIR": temporary]) }
    }

    @Test func tokensAreRandom256BitHex() {
        let token = SidecarTokenFile.generate()
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        #expect(token != SidecarTokenFile.generate())
    }
}
