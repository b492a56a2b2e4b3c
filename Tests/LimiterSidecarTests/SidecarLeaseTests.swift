import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LimiterSidecar
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Leased permits over HTTP: acquire with `"lease": true`, report with `permit`, release; on a manual clock.
@Suite struct SidecarLeaseTests {
    /// A server on a manual clock whose `order_cancel_all` group allows `limit` requests an hour.
    private func server(clock: ManualClock, limit: Int = 1) -> SidecarServer {
        var configuration = RuntimeConfiguration()
        let i = configuration.limiter.limits.groups.firstIndex { $0.name == .orderCancelAll }!
        configuration.limiter.limits.groups[i].windows = [LimitWindow(limit: limit, seconds: 3_600)]
        return SidecarServer(runtime: LimiterRuntime(configuration: configuration, clock: clock, environment: [:]), token: "secret")
    }

    private static let cancelAll = #""endpoint":"/v1/orders/open","method":"DELETE""#

    private func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    private func leasedPermit(_ client: any TestClientProtocol, leaseS: Double? = nil) async throws -> String {
        let lease = leaseS.map { #","lease_s":\#($0)"# } ?? ""
        let response = try await client.post("/v1/acquire", #"{\#(Self.cancelAll),"lease":true\#(lease)}"#)
        #expect(response.status == .ok)
        return try #require(try json(response)["permit"] as? String)
    }

    @Test func aLeasedAcquireAnswersItsPermitAndBound() async throws {
        try await withRouter(server(clock: ManualClock())) { client in
            let response = try await client.post("/v1/acquire", #"{\#(Self.cancelAll),"lease":true,"lease_s":2.5}"#)
            let body = try json(response)
            #expect((body["permit"] as? String)?.isEmpty == false)
            #expect(body["report_by_s"] as? Double == 2.5)
            let plain = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET"}"#)
            #expect(try json(plain)["permit"] == nil)
            let defaulted = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET","lease":true}"#)
            #expect(try json(defaulted)["report_by_s"] as? Double == 10)
        }
    }

    @Test(arguments: [#""lease":true,"lease_s":0"#, #""lease":true,"lease_s":3601"#, #""lease":true,"lease_s":-1"#,
                      #""lease":true,"lease_s":1e300"#, #""lease_s":5"#, #""lease":"yes""#])
    func badLeasesNameTheField(fields: String) async throws {
        try await withRouter(server(clock: ManualClock())) { client in
            let response = try await client.post("/v1/acquire", #"{\#(Self.cancelAll),\#(fields)}"#)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("lease"))
        }
    }

    @Test func aPermitIsClosedOnceAndUnknownOnesAre404() async throws {
        try await withRouter(server(clock: ManualClock(), limit: 2)) { client in
            let permit = try await leasedPermit(client)
            let first = try await client.post("/v1/report", #"{"permit":"\#(permit)","status":200,"remaining_req":"group=order; min=1; sec=1"}"#)
            #expect(first.status == .noContent)
            let second = try await client.post("/v1/report", #"{"permit":"\#(permit)","status":200}"#)
            #expect(second.status == .conflict)
            #expect(String(buffer: second.body).contains("permit: already closed"))
            let release = try await client.post("/v1/release", #"{"permit":"\#(permit)"}"#)
            #expect(release.status == .conflict)
            let unknown = try await client.post("/v1/report", #"{"permit":"nope","status":200}"#)
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("permit: unknown"))
            let unknownRelease = try await client.post("/v1/release", #"{"permit":"nope"}"#)
            #expect(unknownRelease.status == .notFound)
        }
    }

    /// Release frees the slot at once (the request never left); a report keeps it counted in its window.
    @Test(.timeLimit(.minutes(1))) func releaseFreesTheSlotAndReportDoesNot() async throws {
        let clock = ManualClock()
        let server = server(clock: clock)
        try await withRouter(server) { client in
            let unsent = try await leasedPermit(client)
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) == nil)
            #expect(try await client.post("/v1/release", #"{"permit":"\#(unsent)"}"#).status == .noContent)
            // Checked without waiting (a wait on the manual clock would never end): the hour's slot is free again.
            let direct = try #require(server.runtime.limiter.tryAcquire(group: .orderCancelAll, lease: .seconds(1)))
            server.runtime.limiter.releaseUnsent(direct)
            #expect(server.permits.count == 1)
            clock.advance(by: .seconds(3_700))
            let sent = try await leasedPermit(client)
            #expect(try await client.post("/v1/report", #"{"permit":"\#(sent)","status":200}"#).status == .noContent)
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) == nil)
        }
    }

    /// `answer_age_s` dates the answer back: the slot settles when the bot had it, not when the report came.
    @Test func aReportSettlesWhenItsAnswerCame() async throws {
        let clock = ManualClock()
        let server = server(clock: clock)
        try await withRouter(server) { client in
            let permit = try await leasedPermit(client)
            clock.advance(by: .seconds(5))
            let report = #"{"permit":"\#(permit)","status":200,"answer_age_s":4}"#
            #expect(try await client.post("/v1/report", report).status == .noContent)
            clock.advance(by: .milliseconds(3_595_999))
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) == nil)
            clock.advance(by: .milliseconds(1))
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) != nil, "settled at 1 s, free at 3 601 s")
        }
    }

    @Test(arguments: ["-1", "60.5", "1e300", #""4""#])
    func aBadAnswerAgeNamesTheField(value: String) async throws {
        try await withRouter(server(clock: ManualClock())) { client in
            let permit = try await leasedPermit(client)
            let response = try await client.post("/v1/report", #"{"permit":"\#(permit)","status":200,"answer_age_s":\#(value)}"#)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("answer_age_s"))
        }
    }

    /// A double report never closes another permit's lease: the group stays full.
    @Test func aDoubleReportLeavesOtherLeasesOpen() async throws {
        let server = server(clock: ManualClock(), limit: 2)
        try await withRouter(server) { client in
            let a = try await leasedPermit(client)
            _ = try await leasedPermit(client)
            #expect(try await client.post("/v1/report", #"{"permit":"\#(a)","status":200}"#).status == .noContent)
            #expect(try await client.post("/v1/report", #"{"permit":"\#(a)","status":200}"#).status == .conflict)
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) == nil)
            #expect(server.permits.count == 2)
        }
    }

    /// Past its bound a permit answers 409 "expired", and its feedback (a 429 here) still counts.
    @Test func anExpiredPermitIs409AndItsFeedbackCounts() async throws {
        let clock = ManualClock()
        let server = server(clock: clock, limit: 2)
        try await withRouter(server) { client in
            let permit = try await leasedPermit(client, leaseS: 1)
            clock.advance(by: .seconds(2))
            let late = try await client.post("/v1/report", #"{"permit":"\#(permit)","status":429}"#)
            #expect(late.status == .conflict)
            #expect(String(buffer: late.body).contains("permit: expired"))
            #expect(server.runtime.status().group(.orderCancelAll)?.errors429Total == 1)
            #expect(try await client.post("/v1/report", #"{"permit":"\#(permit)","status":200}"#).status == .conflict)
        }
    }

    /// A 418 report's `retry_after_s` is the stated ban length.
    @Test func retryAfterOnA418IsTheBanLength() async throws {
        let clock = ManualClock()
        let server = server(clock: clock, limit: 10)
        try await withRouter(server) { client in
            let permit = try await leasedPermit(client)
            let report = try await client.post("/v1/report", #"{"permit":"\#(permit)","status":418,"retry_after_s":120}"#)
            #expect(report.status == .noContent)
            clock.advance(by: .seconds(119))
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) == nil)
            clock.advance(by: .seconds(2))
            #expect(server.runtime.limiter.tryAcquire(group: .orderCancelAll) != nil)
            let bad = try await client.post("/v1/report", #"{\#(Self.cancelAll),"status":418,"retry_after_s":-3}"#)
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("retry_after_s"))
        }
    }

    /// Without `permit` a report needs its endpoint and method (the margin behaviour of old bots).
    @Test func aReportWithoutPermitNeedsItsRoute() async throws {
        try await withRouter(server(clock: ManualClock())) { client in
            let response = try await client.post("/v1/report", #"{"method":"GET","status":200}"#)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("endpoint"))
        }
    }
}

/// The registry alone: capacity, forgetting, one close per id.
@Suite struct SidecarPermitRegistryTests {
    private func permit(_ limiter: RateLimiter) throws -> Permit {
        try #require(limiter.tryAcquire(group: .ticker, lease: .seconds(1)))
    }

    @Test func aFullRegistryRefusesOnlyWhenEveryIdIsOpen() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let permits = SidecarPermits(capacity: 2, retention: .seconds(5))
        let a = try #require(permits.open(try permit(limiter), now: clock.now()))
        let b = try #require(permits.open(try permit(limiter), now: clock.now()))
        #expect(permits.open(try permit(limiter), now: clock.now()) == nil, "two open: full")
        _ = try permits.close(a.id, now: clock.now())
        #expect(throws: SidecarRequestError(status: .conflict, "permit: already closed")) {
            try permits.close(a.id, now: clock.now())
        }
        let c = try #require(permits.open(try permit(limiter), now: clock.now()), "the closed id makes room")
        #expect(permits.count == 2)
        #expect(throws: SidecarRequestError.self) { try permits.close(a.id, now: clock.now()) }  // forgotten: 404
        guard case .live = try permits.close(b.id, now: clock.now()) else { Issue.record("b was closed by another"); return }
        guard case .live = try permits.close(c.id, now: clock.now()) else { Issue.record("c was closed by another"); return }
        // Without pressure, a closed id is remembered until its bound plus the retention.
        clock.advance(by: .seconds(7))
        #expect(permits.open(try permit(limiter), now: clock.now()) != nil)
        #expect(permits.count == 1)
    }

    /// Sustained leases far beyond the capacity: each closed in turn, none refused; memory stays bounded.
    @Test func closedIdsNeverStarveNewLeases() throws {
        let clock = ManualClock()
        var table = LimitTable.preset(.korea)
        if let i = table.groups.firstIndex(where: { $0.name == .ticker }) {
            table.groups[i].windows = [LimitWindow(limit: 1_000_000, seconds: 1)]
        }
        let limiter = RateLimiter(configuration: .init(limits: table), clock: clock)
        let permits = SidecarPermits(capacity: 8, retention: .seconds(30))
        for _ in 0..<1_000 {
            let lease = try #require(permits.open(try permit(limiter), now: clock.now()))
            guard case .live = try permits.close(lease.id, now: clock.now()) else { Issue.record("not live"); return }
        }
        #expect(permits.count <= 8)
    }

    @Test func idsAreDistinctAndClosedOnce() throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let permits = SidecarPermits()
        let ids = try (0..<5).map { _ in try #require(permits.open(try permit(limiter), now: 0)).id }
        #expect(Set(ids).count == 5)
        guard case .live = try permits.close(ids[0], now: 0) else { Issue.record("expected live"); return }
        #expect(throws: SidecarRequestError(status: .conflict, "permit: already closed")) { try permits.close(ids[0], now: 0) }
        guard case .expired = try permits.close(ids[1], now: 2_000_000_000) else { Issue.record("expected expired"); return }
    }
}

/// Limiter refusals name their code and group, so clients need not parse messages.
@Suite struct SidecarRefusalBodyTests {
    @Test func aBlockedAcquireNamesItsCodeAndGroup() async throws {
        try await withRouter { client in
            _ = try await client.post("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":418,"retry_after_s":30}"#)
            let response = try await client.post("/v1/acquire", #"{"endpoint":"/v1/ticker","method":"GET","lease":true}"#)
            #expect(response.status == .serviceUnavailable)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(body["code"] as? String == "blocked")
            #expect(body["group"] as? String == "ticker")
            #expect((body["retry_after_s"] as? Double).map { $0 > 0 } == true)
        }
    }

    @Test func codesAreSnakeCase() {
        #expect(RateLimitError.Code.circuitOpen.name == "circuit_open")
        #expect(RateLimitError.Code.shuttingDown.name == "shutting_down")
        #expect(RateLimitError.Code.timeout.name == "timeout")
        // The client side reads them back (`SidecarGate`).
        for code: RateLimitError.Code in [.timeout, .blocked, .circuitOpen, .shuttingDown, .unknownGroup, .storeUnavailable] {
            #expect(RateLimitError.Code(name: code.name) == code)
        }
        #expect(RateLimitError.Code(name: "circuitOpen") == nil)
    }
}
