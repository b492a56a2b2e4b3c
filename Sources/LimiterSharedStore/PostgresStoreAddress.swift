import Foundation
import UpbitRateLimit

/// Where the shared store is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require]`.
///
/// Parsed with checks; every error names the input (`--shared` or the config key). The
/// password may instead come from the environment variable `PGPASSWORD`.
public struct PostgresStoreAddress: Hashable, Sendable, CustomStringConvertible {
    /// How the connection uses TLS.
    public enum TLSMode: String, Hashable, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `text`; `input` names it in errors (e.g. `--shared`).
    public init(parsing text: String, input: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ why: String) -> ConfigurationError {
            ConfigurationError(.invalidValue, "\(input): \(why) (expected postgres://USER@HOST:PORT/DB)")
        }
        guard text.utf8.count <= 2048, let url = URLComponents(string: text) else { throw bad("not a URL") }
        guard url.scheme == "postgres" || url.scheme == "postgresql" else { throw bad("scheme must be postgres") }
        guard let host = url.host, !host.isEmpty else { throw bad("no host") }
        guard let user = url.user, !user.isEmpty else { throw bad("no user") }
        let port = url.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("port \(port) out of 1…65535") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name") }
        var tls = TLSMode.prefer
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let mode = TLSMode(rawValue: value) else {
                throw bad("unknown parameter '\(item.name)' (only sslmode=disable|prefer|require)")
            }
            tls = mode
        }
        self.init(host: host, port: port, user: user, password: url.password ?? environment["PGPASSWORD"],
                  database: database, tls: tls)
    }

    /// The address without credentials, for logs and the status.
    public var description: String { "postgres://\(host):\(port)/\(database)" }
}
