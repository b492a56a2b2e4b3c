import Testing

/// In CI the shared-store tests must run, not skip.
@Suite struct CIPostgresTests {
    @Test func continuousIntegrationProvidesPostgres() {
        if TestPostgres.environment["CI"] == "true" {
            #expect(TestPostgres.url != nil, "CI=true but UPBIT_LIMITER_TEST_PG is unset: .ci/run must install PostgreSQL")
        }
    }
}
