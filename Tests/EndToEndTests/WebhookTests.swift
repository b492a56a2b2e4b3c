import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Testing
import UpbitHTTPClient
import UpbitRateLimit

/// The webhook sink against a local HTTP receiver: retries, payload, bounded queue.
@Suite struct WebhookTests {
    /// Answers 500 to the first `failures` POSTs, then 200; keeps every body.
    final class Receiver: Sendable {
        let bodies = Mutex<[String]>([])
        let failures: Int
        init(failures: Int) { self.failures = failures }

        func start() async throws -> (port: Int, task: Task<Void, any Error>) {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                let count = self.bodies.withLock { $0.append(body); return $0.count }
                return count <= self.failures ? .internalServerError : .ok
            }
            let port = Mutex<Int?>(nil)
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
            let task = Task { try await app.runService() }
            for _ in 0..<100_000 where port.withLock({ $0 }) == nil { await Task.yield() }
            guard let bound = port.withLock({ $0 }) else { throw CancellationError() }
            return (bound, task)
        }
    }

    static let alert = Alert(rule: "queue_depth_max", level: .p1, group: .ticker, subject: "ticker", state: .raised,
                             since: 1_795_000_000, value: 51, message: "more than 50 callers waiting [ticker]")

    @Test func retriesUntilTheReceiverAcceptsAndPostsSlackText() async throws {
        let receiver = Receiver(failures: 2)
        let (port, server) = try await receiver.start()
        let sink = WebhookAlertSink(url: "http://127.0.0.1:\(port)/hook", configuration: .init(
            initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100), pollInterval: .milliseconds(10)))
        let supervisor = Supervisor(clock: SystemLimiterClock())
        supervisor.add("sink:webhook") { heartbeat in try await sink.run(heartbeat: heartbeat) }
        let running = Task { await supervisor.run() }
        sink.deliver(Self.alert)
        for _ in 0..<2_000_000 where sink.counters.sent == 0 && sink.counters.failed == 0 { await Task.yield() }
        running.cancel()
        server.cancel()
        let counters = sink.counters
        #expect(counters.sent == 1 && counters.retries == 2 && counters.failed == 0 && counters.dropped == 0)
        let bodies = receiver.bodies.withLock { $0 }
        #expect(bodies.count == 3)
        let payload = try JSONSerialization.jsonObject(with: Data(bodies.last!.utf8)) as? [String: String]
        #expect(payload?["text"] == "[P1 RAISED] queue_depth_max: more than 50 callers waiting [ticker]")
    }

    @Test func aFullQueueDropsTheOldestAndCountsIt() {
        let sink = WebhookAlertSink(url: "http://127.0.0.1:9/hook", configuration: .init(capacity: 2))
        for _ in 0..<5 { sink.deliver(Self.alert) }
        #expect(sink.counters.dropped == 3)
    }
}
