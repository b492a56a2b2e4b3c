import Foundation
import NIOCore
import ServiceLifecycle

/// Serves a ``SidecarServer`` on a Unix-domain socket: the lowest-latency transport for bots on the host.
///
/// The socket is created with mode 0600 (its owner only may connect). A path that exists and is not a
/// socket, or a socket another process still listens on, is refused; a stale socket left by a killed
/// sidecar is replaced. The socket file is removed when the service stops.
public struct SidecarUnixSocketService: Service {
    /// The socket's path.
    public let path: String
    let server: SidecarServer
    let onRunning: @Sendable () async -> Void

    /// A listener for `server` at `path`; throws ``SidecarUnixSocketError`` when `path` cannot be served.
    public init(server: SidecarServer, path: String, onRunning: @escaping @Sendable () async -> Void = {}) throws {
        try Self.check(path)
        self.server = server
        self.path = path
        self.onRunning = onRunning
    }

    public func run() async throws {
        // Created owner-only from the first instant; chmod as well in case the socket was made another way.
        let previousMask = umask(0o177)
        defer {
            umask(previousMask)
            if Self.isSocket(path) { unlink(path) }
        }
        let path = path, onRunning = onRunning
        try await server.application(address: .unixDomainSocket(path: path)) { _ in
            umask(previousMask)
            chmod(path, 0o600)
            await onRunning()
        }.run()
    }

    /// Throws ``SidecarUnixSocketError`` unless `path` is free or a stale socket (checked again by ``init(server:path:onRunning:)``).
    public static func check(_ path: String) throws {
        guard (try? SocketAddress(unixDomainSocketPath: path)) != nil else {
            throw SidecarUnixSocketError("--unix-socket \(path): too long for a socket path (\(path.utf8.count) bytes)")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw SidecarUnixSocketError("--unix-socket \(path): exists and is not a socket")
        }
        if isListening(path) { throw SidecarUnixSocketError("--unix-socket \(path): another process is listening on it") }
    }

    private static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
    }

    /// Whether a connection to the socket at `path` is accepted.
    private static func isListening(_ path: String) -> Bool {
        guard let address = try? SocketAddress(unixDomainSocketPath: path) else { return false }
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return address.withSockAddr { connect(fd, $0, socklen_t($1)) } == 0
    }
}

/// Why a Unix-domain socket path cannot be served.
public struct SidecarUnixSocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A one-line message naming the path.
    public let message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
