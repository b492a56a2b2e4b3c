import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import UpbitRateLimit

/// The ``SharedWindowStore`` in PostgreSQL, through postgres-nio's pooled `PostgresClient`.
///
/// Every acquire is one statement (`upbit_limiter_acquire_v1`, see `PostgresSchema`): one
/// round trip, one transaction under an advisory lock on (account, group), decided by the
/// store's `clock_timestamp()`. The schema is created on the first call and its version
/// checked; a newer schema than this build knows is refused.
///
/// Call ``run()`` in a long-running task or a `ServiceGroup` (it ends when cancelled or on
/// graceful shutdown).
public final class PostgresWindowStore: SharedWindowStore, Service {
    /// Where the store is.
    public let address: PostgresStoreAddress
    private let client: PostgresClient
    private let logger: Logger
    private let schemaReady = Mutex(false)

    /// A store at `address`; nothing connects before ``run()`` and the first call.
    public init(address: PostgresStoreAddress, maximumConnections: Int = 8,
                logger: Logger = Logger(label: "upbit.shared-store")) {
        self.address = address
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: Self.tls(address.tls))
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(2)
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(5))
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    private static func tls(_ mode: PostgresStoreAddress.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async { await client.run() }

    public func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict {
        try await prepare()
        let limits = request.windows.map { Int64($0.limit) }
        let windows = request.windows.map { Self.micros(.seconds($0.seconds)) }
        let rows = try await client.query("""
            SELECT granted, wait_us, hosts FROM upbit_limiter_acquire_v1(\(request.account), \(request.group.rawValue),
                \(limits), \(windows), \(request.permitID), \(Self.micros(request.lease)),
                \(Self.micros(request.longestLease)), \(request.host))
            """, logger: logger)
        for try await (granted, wait, hosts) in rows.decode((Bool, Int64, Int32).self) {
            return granted ? .granted(hostsSeen: Int(hosts)) : .retry(after: .microseconds(max(1, wait)))
        }
        throw PostgresStoreError("acquire returned no row")
    }

    public func report(account: String, group: GroupID, permitID: String) async throws {
        try await prepare()
        try await client.query("SELECT upbit_limiter_report_v1(\(account), \(group.rawValue), \(permitID))",
                               logger: logger)
    }

    public func release(account: String, group: GroupID, permitID: String) async throws {
        try await prepare()
        try await client.query("""
            DELETE FROM upbit_limiter_permits WHERE account = \(account) AND grp = \(group.rawValue)
                AND permit = \(permitID)
            """, logger: logger)
    }

    public func hold(account: String, groups: [GroupID], for duration: Duration) async throws {
        try await prepare()
        try await client.query(
            "SELECT upbit_limiter_hold_v1(\(account), \(groups.map(\.rawValue)), \(Self.micros(duration)))",
            logger: logger)
    }

    /// Creates the schema once per process (idempotent across hosts: `IF NOT EXISTS` under
    /// an advisory lock) and refuses a schema newer than ``PostgresSchema/version``.
    private func prepare() async throws {
        if schemaReady.withLock({ $0 }) { return }
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.lockKey))", logger: logger)
            do {
                for statement in PostgresSchema.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let rows = try await connection.query("SELECT max(version) FROM upbit_limiter_schema", logger: logger)
                for try await version in rows.decode(Int32.self) where version > PostgresSchema.version {
                    throw PostgresStoreError("store schema version \(version) is newer than this build's \(PostgresSchema.version)")
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.lockKey))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.lockKey))", logger: logger)
        }
        schemaReady.withLock { $0 = true }
    }

    private static func micros(_ duration: Duration) -> Int64 { max(0, duration.nanoseconds / 1000) }
}
