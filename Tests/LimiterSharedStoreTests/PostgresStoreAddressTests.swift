import LimiterSharedStore
import Testing
import UpbitRateLimit

/// `--shared postgres://…` is checked and every refusal names the input.
@Suite struct PostgresStoreAddressTests {
    @Test func aFullURLIsParsedAndPrintedWithoutCredentials() throws {
        let address = try PostgresStoreAddress(parsing: "postgres://bot:secret@db.internal:6543/limits?sslmode=require",
                                               input: "--shared", environment: [:])
        #expect(address == PostgresStoreAddress(host: "db.internal", port: 6543, user: "bot", password: "secret",
                                                database: "limits", tls: .require))
        #expect("\(address)" == "postgres://db.internal:6543/limits")
    }

    @Test func thePasswordMayComeFromTheEnvironmentAndThePortDefaults() throws {
        let address = try PostgresStoreAddress(parsing: "postgresql://bot@127.0.0.1/limits", input: "--shared",
                                               environment: ["PGPASSWORD": "pw"])
        #expect(address.port == 5432)
        #expect(address.password == "pw")
        #expect(address.tls == .prefer)
    }

    @Test(arguments: [
        "redis://bot@h/db", "postgres://h/db", "postgres://bot@/db", "postgres://bot@h:0/db",
        "postgres://bot@h:99999/db", "postgres://bot@h", "postgres://bot@h/a/b", "postgres://bot@h/db?sslmode=maybe",
        "postgres://bot@h/db?pool=3", "not a url at all %", "",
    ])
    func badAddressesAreRefusedByName(_ text: String) {
        #expect {
            try PostgresStoreAddress(parsing: text, input: "--shared", environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.message.hasPrefix("--shared: ") == true
        }
    }
}
