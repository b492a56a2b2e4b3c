import Foundation
import Testing
import LimiterSharedStore
import UpbitRateLimit

/// The PostgreSQL server `scripts/test` starts (`scripts/pg-test-server.sh`), if any.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment
    /// `UPBIT_LIMITER_TEST_PG`: the server's URL.
    static let url = environment["UPBIT_LIMITER_TEST_PG"]
    /// `UPBIT_LIMITER_TEST_PG_DIR`: its directory, for the server faults (pause/resume/restart);
    /// `UPBIT_LIMITER_TEST_PG_FAULTS=0` leaves them out (a server shared with something else).
    static let directory = environment["UPBIT_LIMITER_TEST_PG_FAULTS"] == "0" ? nil : environment["UPBIT_LIMITER_TEST_PG_DIR"]
    static let noFaults: Comment = "needs UPBIT_LIMITER_TEST_PG_DIR (scripts/test sets it) to pause and restart the server"
    static let skipReason: Comment = "no PostgreSQL on loopback: run scripts/test (it starts one) or set UPBIT_LIMITER_TEST_PG"

    static var address: PostgresStoreAddress {
        get throws { try PostgresStoreAddress(parsing: url ?? "", input: "UPBIT_LIMITER_TEST_PG") }
    }

    /// Runs `body` with a store whose pool runs meanwhile; `port` replaces the server's (a proxy).
    static func withStore<T: Sendable>(port: Int? = nil, _ body: (PostgresWindowStore) async throws -> T) async throws -> T {
        var address = try address
        if let port { address.port = port }
        let store = try PostgresWindowStore(address: address)
        let running = Task { await store.run() }
        defer { running.cancel() }
        return try await body(store)
    }

    /// Pauses, resumes or restarts the server through `scripts/pg-test-server.sh`.
    ///
    /// Not Foundation's `Process`: on this Linux its termination handler never ran for the
    /// script (the child stayed a zombie, the test hung); posix_spawn and waitpid on a thread
    /// of their own instead.
    static func control(_ command: String) async throws {
        guard let directory else { throw PostgresStoreError("UPBIT_LIMITER_TEST_PG_DIR is not set") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-server.sh").path
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let words: [String] = [script, command, directory]
                var argv: [UnsafeMutablePointer<CChar>?] = words.map { word in strdup(word) }
                argv.append(nil)
                defer { argv.forEach { free($0) } }
                var pid: pid_t = 0
                let spawned = posix_spawn(&pid, script, nil, nil, argv, environ)
                guard spawned == 0 else {
                    continuation.resume(throwing: PostgresStoreError("pg-test-server.sh: posix_spawn failed (\(spawned))"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        guard status == 0 else { throw PostgresStoreError("pg-test-server.sh \(command) exited with wait status \(status)") }
    }

    /// A fresh account name, so tests never see each other's rows.
    static func account(_ name: String) -> String { "\(name)-\(UInt32.random(in: 0 ... .max))" }
}
