import Foundation

/// Loading or creating the sidecar's bearer token file.
public enum SidecarTokenFile {
    /// Reads the token in `path`; refuses a file readable by group or others, or an empty one.
    public static func read(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SidecarClientError("--token-file \(path): cannot read (\(String(cString: strerror(errno))))") }
        guard info.st_mode & 0o077 == 0 else {
            throw SidecarClientError("--token-file \(path): readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path),
              let token = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !token.isEmpty else { throw SidecarClientError("--token-file \(path): empty or not UTF-8") }
        return token
    }

    /// Generates a random 256-bit token (hex) and writes it to `path` with mode 0600.
    public static func generate(at path: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw SidecarClientError("token file \(path): cannot create (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let bytes = Array((token + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw SidecarClientError("token file \(path): write failed") }
        return token
    }

    /// The default path of a generated token: `$TMPDIR/upbit-limiter-<port>.token`.
    public static func defaultPath(port: Int) -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        return (directory as NSString).appendingPathComponent("upbit-limiter-\(port).token")
    }

    /// Whether `host` is a loopback address.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
