import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Testing
@testable import UpbitHTTPClient
import UpbitRateLimit

/// The webhook sink against a local HTTP receiver: each format, retries, dedup, routing, bounded queue.
@Suite struct WebhookTests {
    /// Answers 500 to the first `failures` POSTs, then 200; keeps every body.
    final class Receiver: Sendable {
        let bodies = Mutex<[String]>([])
        let failures: Int
        init(failures: Int = 0) { self.failures = failures }

        func start() async throws -> (port: Int, task: Task<Void, any Error>) {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                let count = self.bodies.withLock { $0.append(body); return $0.count }
                return count <= self.failures ? .internalServerError : .ok
            }
            return try await startLoopbackServer(router)
        }

        /// The bodies received, as JSON objects.
        var objects: [[String: Any]] {
            bodies.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    static let alert = Alert(rule: "queue_depth_max", level: .p1, group: .ticker, subject: "ticker", state: .raised,
                             since: 1_795_000_000, value: 51, message: "more than 50 callers waiting [ticker]")
    static var resolved: Alert {
        var a = alert
        a.state = .resolved
        a.resolvedAt = alert.since + 30
        return a
    }

    static func channel(_ format: AlertChannel.Format, port: Int, levels: Set<AlertLevel> = Set(AlertLevel.allCases)) -> AlertChannel {
        AlertChannel(name: "test_\(format.rawValue)", url: "http://127.0.0.1:\(port)/hook", format: format,
                     routingKey: format == .pagerduty ? "R0UTINGKEY" : nil, levels: levels)
    }

    /// Runs `sink` under a supervisor until `done` (bounded), then stops it.
    static func drive(_ sink: WebhookAlertSink, until done: @Sendable () -> Bool) async {
        let supervisor = Supervisor(clock: SystemLimiterClock())
        supervisor.add("sink:\(sink.name)") { heartbeat in try await sink.run(heartbeat: heartbeat) }
        let running = Task { await supervisor.run() }
        for _ in 0..<2_000_000 where !done() { await Task.yield() }
        running.cancel()
        await running.value
    }

    static let fast = WebhookAlertSink.Configuration(initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100),
                                                     pollInterval: .milliseconds(10))

    @Test(arguments: AlertChannel.Format.allCases)
    func aRaiseAndItsResolveReachTheReceiver(format: AlertChannel.Format) async throws {
        let receiver = Receiver()
        let (port, server) = try await receiver.start()
        defer { server.cancel() }
        let sink = WebhookAlertSink(channel: Self.channel(format, port: port), configuration: Self.fast)
        sink.deliver(Self.alert)
        sink.deliver(Self.alert)   // a repeated raise: not sent again
        sink.deliver(Self.resolved)
        await Self.drive(sink) { sink.counters.sent + sink.counters.failed >= 2 }
        #expect(sink.counters.sent == 2 && sink.counters.deduplicated == 1)
        let objects = receiver.objects
        try #require(objects.count == 2)
        let (raise, resolve) = (objects[0], objects[1])
        switch format {
        case .slack:
            #expect(raise["text"] as? String == "[P1 RAISED] queue_depth_max: more than 50 callers waiting [ticker]")
            #expect((resolve["text"] as? String)?.hasPrefix("[P1 RESOLVED] queue_depth_max:") == true)
        case .pagerduty:
            #expect(raise["event_action"] as? String == "trigger" && resolve["event_action"] as? String == "resolve")
            #expect(raise["routing_key"] as? String == "R0UTINGKEY")
            #expect(raise["dedup_key"] as? String == "upbit-limiter/queue_depth_max/ticker")
            #expect(resolve["dedup_key"] as? String == raise["dedup_key"] as? String)
            let payload = raise["payload"] as? [String: Any]
            #expect(payload?["severity"] as? String == "error" && payload?["source"] as? String == "upbit-limiter")
            #expect(payload?["component"] as? String == "ticker")
        case .json:
            #expect(raise["rule"] as? String == "queue_depth_max" && raise["level"] as? String == "P1")
            #expect(raise["state"] as? String == "raised" && resolve["state"] as? String == "resolved")
            #expect(resolve["resolved_at"] as? Double == Self.alert.since + 30)
            #expect(raise["value"] as? Double == 51 && raise["group"] as? String == "ticker")
        }
    }

    @Test func aRuntimeBuiltFromTheConfigurationDeliversARaisedAlert() async throws {
        let receiver = Receiver()
        let (port, server) = try await receiver.start()
        defer { server.cancel() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("channels-\(UUID()).json").path
        try #"""
            {"intervals": {"alert_ms": 20},
             "alert_channels": {"ops": {"url": "http://127.0.0.1:\#(port)/hook", "format": "json"}},
             "alert_routes": {"P1": ["ops"]}}
            """#.write(toFile: file, atomically: true, encoding: .utf8)
        let runtime = try RuntimeBuilder(file: file, environment: [:], sinks: WebhookAlertSink.sinks(for:)).makeRuntime()
        #expect(runtime.supervisor.tasks().contains { $0.name == "sink:ops" })
        let running = Task { await runtime.run() }
        runtime.limiter.report(group: .ticker, status: 429)
        runtime.limiter.report(group: .ticker, status: 429)
        let arrived: @Sendable () -> Bool = { receiver.bodies.withLock { $0.contains { $0.contains("consecutive_429") } } }
        for _ in 0..<4_000_000 where !arrived() { await Task.yield() }
        running.cancel()
        await running.value
        let alert = receiver.objects.first { $0["rule"] as? String == "consecutive_429" }
        #expect(alert?["state"] as? String == "raised" && alert?["group"] as? String == "ticker")
    }

    @Test func retriesUntilTheReceiverAcceptsIt() async throws {
        let receiver = Receiver(failures: 2)
        let (port, server) = try await receiver.start()
        defer { server.cancel() }
        let sink = WebhookAlertSink(channel: Self.channel(.slack, port: port), configuration: Self.fast)
        sink.deliver(Self.alert)
        await Self.drive(sink) { sink.counters.sent + sink.counters.failed >= 1 }
        let counters = sink.counters
        #expect(counters.sent == 1 && counters.retries == 2 && counters.failed == 0 && counters.dropped == 0)
        #expect(receiver.bodies.withLock { $0.count } == 3)
    }

    @Test func onlyTheRoutedLevelsAreSent() async throws {
        let receiver = Receiver()
        let (port, server) = try await receiver.start()
        defer { server.cancel() }
        let sink = WebhookAlertSink(channel: Self.channel(.json, port: port, levels: [.p0]), configuration: Self.fast)
        var page = Self.alert
        page.level = .p0
        sink.deliver(Self.alert)
        sink.deliver(page)
        await Self.drive(sink) { sink.counters.sent >= 1 }
        #expect(receiver.objects.map { $0["level"] as? String } == ["P0"])
    }

    @Test func aFullQueueDropsTheOldestAndCountsIt() {
        let sink = WebhookAlertSink(channel: Self.channel(.slack, port: 9), configuration: .init(capacity: 2))
        for i in 0..<5 {
            var alert = Self.alert
            alert.subject = "group-\(i)"
            sink.deliver(alert)
        }
        #expect(sink.counters.dropped == 3)
    }

    @Test(arguments: [("2", 2_000), ("0.5", 500), ("86400", 3_600_000)])
    func retryAfterIsCheckedAndCapped(header: String, milliseconds: Int64) {
        #expect(WebhookAlertSink.retryAfter(header) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["nan", "-1", "inf", "soon", ""])
    func aBadRetryAfterIsIgnored(header: String) {
        #expect(WebhookAlertSink.retryAfter(header) == nil)
    }
}
