import Foundation

/// The sidecar's bearer token on disk: read from `--token-file`, or generated and written into a
/// private directory once the listener is bound.
///
/// A generated token lives in `$XDG_RUNTIME_DIR/upbit-limiter/` when that variable names a directory,
/// else in `${TMPDIR:-/tmp}/upbit-limiter-<uid>/`; either is created with mode 0700 and refused when
/// it is not a real directory of ours with mode 0700. The file is named after the bound port
/// (`sidecar-<port>.token`), so no two running sidecars share one, and is removed at exit.
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

    /// A random 256-bit token, hex.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// Writes `token` to `path` with mode 0600, replacing the file at once (a reader sees the old or the new one).
    public static func write(_ token: String, to path: String) throws {
        let temporary = "\(path).\(getpid()).tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw SidecarClientError("token file \(path): cannot create (\(String(cString: strerror(errno))))") }
        let bytes = Array((token + "\n").utf8)
        let written = Foundation.write(fd, bytes, bytes.count)
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SidecarClientError("token file \(path): write failed (\(String(cString: strerror(errno))))")
        }
    }

    /// The private directory for generated tokens (see the type's documentation), created when missing.
    public static func privateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let directory: String
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, isOwnPrivateDirectory(runtime) {
            directory = (runtime as NSString).appendingPathComponent("upbit-limiter")
        } else {
            let temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            directory = (temporary as NSString).appendingPathComponent("upbit-limiter-\(geteuid())")
        }
        if mkdir(directory, 0o700) == 0 {
            chmod(directory, 0o700)   // whatever the umask
        } else if errno != EEXIST {
            throw SidecarClientError("token directory \(directory): cannot create (\(String(cString: strerror(errno))))")
        }
        guard isOwnPrivateDirectory(directory) else {
            throw SidecarClientError("token directory \(directory): not a directory of user \(geteuid()) with mode 0700; remove it or pass --token-file")
        }
        return directory
    }

    /// Where the sidecar bound to `port` writes its generated token inside `directory`.
    public static func path(in directory: String, port: Int) -> String {
        (directory as NSString).appendingPathComponent("sidecar-\(port).token")
    }

    /// Whether `path` is a directory (not a link) owned by this user with no group or other access.
    static func isOwnPrivateDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid()
            && info.st_mode & 0o077 == 0
    }

    /// Whether `host` is a loopback address.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
