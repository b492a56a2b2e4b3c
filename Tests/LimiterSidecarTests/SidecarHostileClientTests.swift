import Foundation
@testable import LimiterSidecar
import Logging
import ServiceLifecycle
import Testing
import UpbitRateLimit

/// The live server against clients that hold connections and streams open.
@Suite struct SidecarHostileClientTests {
    /// `server` listening on a free loopback port (with the drain service, as `serve` runs it), and that port.
    func start(_ server: SidecarServer) async throws -> (ServiceGroup, Task<Void, any Error>, Int) {
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let app = server.application(host: "127.0.0.1", port: 0) { bound.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app, SidecarDrainService(server: server)],
                                                      logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        var port = 0
        for await first in ports { port = first; break }
        return (group, running, port)
    }

    /// Whether `task` ends within 10 s (a hang guard, not a speed check); cancels it otherwise.
    func ends(_ task: Task<Void, any Error>) async -> Bool {
        let guardTask = Task { () -> Bool in
            do { try await Task.sleep(for: .seconds(10)) } catch { return false }
            task.cancel()
            return true
        }
        _ = await task.result
        guardTask.cancel()
        return !(await guardTask.value)
    }

    // Regression: a status stream never ended, so a graceful shutdown waited for ever (`serve` + `console --connect`
    // ignored SIGTERM).
    @Test func gracefulShutdownEndsStreamsAndAnswersWaiters() async throws {
        var configuration = RuntimeConfiguration()
        let i = configuration.limiter.limits.groups.firstIndex { $0.name == .orderCancelAll }!
        configuration.limiter.limits.groups[i].windows = [LimitWindow(limit: 1, seconds: 3_600)]
        let server = SidecarServer(runtime: LimiterRuntime(configuration: configuration, environment: [:]), token: nil)
        _ = server.runtime.limiter.tryAcquire(group: .orderCancelAll)
        let (group, running, port) = try await start(server)

        let stream = try RawConnection(port: port)
        stream.send("GET /v1/status/stream?interval_ms=50 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(await stream.read(until: { $0.contains("data: {") }).contains("text/event-stream"))
        let waiter = try RawConnection(port: port)
        let body = #"{"endpoint":"/v1/orders/open","method":"DELETE","timeout":30}"#
        waiter.send("POST /v1/acquire HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        for _ in 0..<10_000 where server.inflight.count == 0 { try await Task.sleep(for: .milliseconds(1)) }
        #expect(server.inflight.count == 1)

        await group.triggerGracefulShutdown()
        let answer = await waiter.read(until: { $0.contains("shutting down") })
        #expect(answer.hasPrefix("HTTP/1.1 503") && answer.contains("shutting down"))
        let rest = await stream.read(until: { $0.hasSuffix("0\r\n\r\n") })
        #expect(rest.hasSuffix("0\r\n\r\n"), "the stream ended with the last chunk: \(rest.suffix(40))")
        #expect(await ends(running), "the server stopped")
    }

    @Test func connectionsPastTheCapGet503AndTheNextOneIsServedAgain() async throws {
        let server = SidecarServer(runtime: LimiterRuntime(configuration: .init(), environment: [:]), token: nil,
                                   configuration: .init(maxConnections: 1))
        let (group, running, port) = try await start(server)
        let health = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"

        let first = try RawConnection(port: port)
        first.send(health)
        #expect(await first.read(until: { $0.hasSuffix("ok") }).hasPrefix("HTTP/1.1 200"))
        let second = try RawConnection(port: port)
        second.send(health)
        let refused = await second.read()
        #expect(refused.hasPrefix("HTTP/1.1 503"))
        #expect(refused.contains("too many connections (limit 1)"))

        first.close()
        for _ in 0..<10_000 where server.connections.count > 0 { try await Task.sleep(for: .milliseconds(1)) }
        let third = try RawConnection(port: port)
        third.send(health)
        #expect(await third.read(until: { $0.hasSuffix("ok") }).hasPrefix("HTTP/1.1 200"))
        await group.triggerGracefulShutdown()
        #expect(await ends(running))
    }
}
