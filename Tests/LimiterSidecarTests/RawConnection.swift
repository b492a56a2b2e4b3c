import Dispatch
import Foundation

/// A plain loopback TCP connection for tests that need to hold a socket open, write raw HTTP and
/// see exactly what comes back. Every read gives up after 10 s, so a regression fails instead of hanging.
final class RawConnection: @unchecked Sendable {
    private let fd: Int32

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else {
            Foundation.close(fd)
            throw CocoaError(.fileReadUnknown)
        }
    }

    deinit { Foundation.close(fd) }

    /// Writes `text` as is.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Everything read until `done` holds for it, the peer closes, or 10 s pass without a byte.
    func read(until done: @escaping @Sendable (String) -> Bool = { _ in false }) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var received: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 4096)
                while !done(String(decoding: received, as: UTF8.self)) {
                    let count = Foundation.read(self.fd, &chunk, chunk.count)
                    guard count > 0 else { break }
                    received += chunk[0..<count]
                }
                continuation.resume(returning: String(decoding: received, as: UTF8.self))
            }
        }
    }

    /// Closes the connection.
    func close() { shutdown(fd, Int32(SHUT_RDWR)) }
}
