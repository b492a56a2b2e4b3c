import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import UpbitRateLimit

/// The ``SharedWindowStore`` in PostgreSQL, through postgres-nio connections.
///
/// Every acquire is one statement (`upbit_limiter_acquire_v1`, see `PostgresSchema`): one
/// round trip, one transaction under an advisory lock on (account, group), decided by the
/// store's `clock_timestamp()`. The schema is created on the first call and its version
/// checked; a newer schema than this build knows is refused.
///
/// A call whose task is cancelled closes its connection at once (see `StoreConnections`):
/// bound every call in time (``SharedRateLimiter`` does, with its store timeout) and a
/// paused, restarted or unreachable server fails calls within that bound, and the first
/// call after it is back connects afresh.
///
/// Call ``run()`` in a long-running task or a `ServiceGroup`: it closes the connections when
/// cancelled or on graceful shutdown.
public final class PostgresWindowStore: SharedWindowStore, Service {
    /// Where the store is.
    public let address: PostgresStoreAddress
    private let connections: StoreConnections
    private let logger: Logger
    private let schema = Mutex<Task<Void, any Error>?>(nil)

    /// A store at `address`; nothing connects before the first call. At most
    /// `maximumConnections` are open, and at most `maximumWaiters` calls wait for one.
    /// Throws when TLS is asked for and no TLS context can be made.
    public init(address: PostgresStoreAddress, maximumConnections: Int = 8, maximumWaiters: Int = 256,
                logger: Logger = Logger(label: "upbit.shared-store")) throws {
        self.address = address
        self.logger = logger
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: try Self.tls(address.tls))
        configuration.options.connectTimeout = .seconds(2)
        connections = StoreConnections(configuration: configuration, maximum: maximumConnections,
                                       maximumWaiters: maximumWaiters, logger: logger)
    }

    private static func tls(_ mode: PostgresStoreAddress.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// Waits until the task is cancelled or the service group shuts down, then closes the connections.
    public func run() async {
        try? await gracefulShutdown()
        connections.shutdown()
    }

    public func acquire(_ request: SharedAcquireRequest) async throws -> SharedVerdict {
        let limits = request.windows.map { Int64($0.limit) }
        let windows = request.windows.map { Self.micros(.seconds($0.seconds)) }
        return try await run("""
            SELECT granted, wait_us, hosts FROM upbit_limiter_acquire_v1(\(request.account), \(request.group.rawValue),
                \(limits), \(windows), \(request.permitID), \(Self.micros(request.lease)),
                \(Self.micros(request.longestLease)), \(request.host))
            """) { rows in
            for try await (granted, wait, hosts) in rows.decode((Bool, Int64, Int32).self) {
                return granted ? .granted(hostsSeen: Int(hosts)) : .retry(after: .microseconds(max(1, wait)))
            }
            throw PostgresStoreError("acquire returned no row")
        }
    }

    public func report(account: String, group: GroupID, permitID: String, answerAge: Duration) async throws {
        try await run("""
            SELECT upbit_limiter_report_v2(\(account), \(group.rawValue), \(permitID), \(Self.micros(max(.zero, answerAge))))
            """)
    }

    public func release(account: String, group: GroupID, permitID: String) async throws {
        try await run("""
            DELETE FROM upbit_limiter_permits WHERE account = \(account) AND grp = \(group.rawValue)
                AND permit = \(permitID)
            """)
    }

    public func hold(account: String, groups: [GroupID], for duration: Duration) async throws {
        try await run("SELECT upbit_limiter_hold_v1(\(account), \(groups.map(\.rawValue)), \(Self.micros(duration)))")
    }

    /// Runs `query` on a connection of its own (once the schema is ready) and reads its rows with `read`.
    private func run<T: Sendable>(_ query: PostgresQuery,
                                  read: @escaping @Sendable (PostgresRowSequence) async throws -> T) async throws -> T {
        try await schemaReady()
        return try await connections.withConnection { [logger] connection in
            try await read(try await connection.query(query, logger: logger))
        }
    }

    private func run(_ query: PostgresQuery) async throws {
        try await run(query) { rows in for try await _ in rows {} }
    }

    /// Waits for the schema check (one per process at a time; a failed one is tried again by
    /// the next call). It runs in a task of its own, bounded by ``schemaTimeout``, not by the
    /// caller's store timeout: DDL on a busy store can take longer than one acquire may wait.
    private func schemaReady() async throws {
        let task = schema.withLock { task in
            if let task { return task }
            let new = Task { [self] in
                let work = Task { try await connections.withConnection { try await self.prepare($0) } }
                let timer = Task { try await Task.sleep(for: Self.schemaTimeout); work.cancel() }
                defer { timer.cancel() }
                do { try await work.value } catch {
                    schema.withLock { $0 = nil }
                    throw error
                }
            }
            task = new
            return new
        }
        try await task.value
    }

    /// The longest a schema check or creation may take.
    static let schemaTimeout = Duration.seconds(30)

    /// Checks the schema version: nothing more to do when it is this build's (one query, no
    /// lock); a newer one is refused; an older or missing one is created under an advisory
    /// lock (idempotent across hosts: `IF NOT EXISTS`, `CREATE OR REPLACE`). A call cancelled
    /// meanwhile closes the connection, which releases the session lock.
    private func prepare(_ connection: PostgresConnection) async throws {
        if try await version(on: connection) == PostgresSchema.version { return }
        try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.lockKey))", logger: logger)
        do {
            for statement in PostgresSchema.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            _ = try await version(on: connection)
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.lockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.lockKey))", logger: logger)
    }

    /// The store's schema version (0 without one); throws when it is newer than this build's.
    private func version(on connection: PostgresConnection) async throws -> Int {
        let exists = try await connection.query("SELECT to_regclass('upbit_limiter_schema') IS NOT NULL", logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return 0 }
        let rows = try await connection.query("SELECT max(version) FROM upbit_limiter_schema", logger: logger)
        var found = 0
        for try await version in rows.decode(Int32?.self) { found = Int(version ?? 0) }
        guard found <= PostgresSchema.version else {
            throw PostgresStoreError("store schema version \(found) is newer than this build's \(PostgresSchema.version)")
        }
        return found
    }

    private static func micros(_ duration: Duration) -> Int64 { max(0, duration.nanoseconds / 1000) }
}
