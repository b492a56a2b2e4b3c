import Foundation
import Testing
import LimiterSharedStore
import UpbitRateLimit

/// The PostgreSQL server `scripts/test` starts (`scripts/pg-test-server.sh`), if any.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment
    /// `UPBIT_LIMITER_TEST_PG`: the server's URL.
    static let url = environment["UPBIT_LIMITER_TEST_PG"]
    /// `UPBIT_LIMITER_TEST_PG_DIR`: its directory, for pause/resume/restart; only with
    /// `UPBIT_LIMITER_TEST_PG_FAULTS=1` (the server faults are not yet reliable in CI).
    static let directory = environment["UPBIT_LIMITER_TEST_PG_FAULTS"] == "1" ? environment["UPBIT_LIMITER_TEST_PG_DIR"] : nil
    static let skipReason: Comment = "no PostgreSQL on loopback: run scripts/test (it starts one) or set UPBIT_LIMITER_TEST_PG"

    static var address: PostgresStoreAddress {
        get throws { try PostgresStoreAddress(parsing: url ?? "", input: "UPBIT_LIMITER_TEST_PG") }
    }

    /// Runs `body` with a store whose pool runs meanwhile; `port` replaces the server's (a proxy).
    static func withStore<T: Sendable>(port: Int? = nil, _ body: (PostgresWindowStore) async throws -> T) async throws -> T {
        var address = try address
        if let port { address.port = port }
        let store = PostgresWindowStore(address: address)
        let running = Task { await store.run() }
        defer { running.cancel() }
        return try await body(store)
    }

    /// Pauses, resumes or restarts the server through `scripts/pg-test-server.sh`.
    static func control(_ command: String) throws {
        guard let directory else { throw PostgresStoreError("UPBIT_LIMITER_TEST_PG_DIR is not set") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-server.sh")
        let process = Process()
        process.executableURL = script
        process.arguments = [command, directory]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresStoreError("pg-test-server.sh \(command) exited \(process.terminationStatus)")
        }
    }

    /// A fresh account name, so tests never see each other's rows.
    static func account(_ name: String) -> String { "\(name)-\(UInt32.random(in: 0 ... .max))" }
}
