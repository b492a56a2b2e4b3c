import Foundation
import LimiterSidecar
import Logging
import ServiceLifecycle
import UpbitRateLimit

/// A sidecar (`SidecarServer`, as `serve` runs it) on an ephemeral loopback port and, optionally,
/// a Unix-domain socket, for the length of one test.
struct SidecarHarness {
    let server: SidecarServer
    let baseURL: String
    let socketPath: String?
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts `server` and waits until it listens (on a temporary socket too when `socket` is set).
    static func start(_ server: SidecarServer, socket: Bool = false) async throws -> SidecarHarness {
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let path = socket ? (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("upbit-gate-\(UUID().uuidString.prefix(8)).sock") : nil
        var services: [any Service] = [server.application(host: "127.0.0.1", port: 0) { bound.yield($0) }]
        if let path { services.append(try SidecarUnixSocketService(server: server, path: path) { bound.yield(0) }) }
        services.append(SidecarDrainService(server: server))
        let group = ServiceGroup(configuration: .init(services: services, logger: Logger(label: "test")))
        let task = Task { try await group.run() }
        var port = 0
        var pending = socket ? 2 : 1
        for await value in ports {
            if value != 0 { port = value }
            pending -= 1
            if pending == 0 { break }
        }
        return SidecarHarness(server: server, baseURL: "http://127.0.0.1:\(port)", socketPath: path, group: group, task: task)
    }

    /// A sidecar whose `order-cancel-all` group allows one request an hour (a slot that stays taken).
    static func oneAnHour(botToken: String? = nil) -> SidecarServer {
        var configuration = RuntimeConfiguration()
        if let i = configuration.limiter.limits.groups.firstIndex(where: { $0.name == .orderCancelAll }) {
            configuration.limiter.limits.groups[i].windows = [LimitWindow(limit: 1, seconds: 3_600)]
        }
        return SidecarServer(runtime: LimiterRuntime(configuration: configuration, environment: [:]), token: nil,
                             botToken: botToken)
    }

    /// Bounds of the leases still open in `group`.
    func openLeases(_ group: GroupID) -> [Int] {
        server.runtime.limiter.status().group(group)?.detail?.leasesMs ?? []
    }

    /// Stops the sidecar and waits for it.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
