import ArgumentParser
import Foundation
import LimiterRecording
import LimiterSidecar
import Logging
import ServiceLifecycle
import UpbitRateLimit

/// `upbit-limiter serve`: one limiter as a local HTTP sidecar for every bot on the host.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the limiter as a local HTTP sidecar (acquire/report, status, SSE, control, /metrics).",
        discussion: "API: docs/API.md. Control routes need 'Authorization: Bearer <token>'; the token comes from --token-file or is generated into a 0600 file whose path is printed.")

    @Option(help: "Address to bind (non-loopback needs --token-file).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 = any free port).") var port = 8089
    @Option(help: "File holding the bearer token for the control routes (must not be group/world readable).")
    var tokenFile: String?
    @Option(help: "Runtime configuration JSON (limits, supervisor, alerts); reloaded on change and SIGHUP.")
    var config: String?
    @Option(help: "Limit preset: korea or global (overrides the configuration's table).") var preset: String?
    @Option(name: .customLong("stream-interval-ms"), help: "Default interval between SSE status frames, ms.")
    var streamIntervalMs = 500
    @Option(help: "Record every status frame into this file (replay with 'console --replay').") var record: String?
    @Option(help: "File holding the bots' bearer token for acquire/report/release (like --token-file). Without it, bots on loopback need none; serving off loopback generates one.")
    var botTokenFile: String?
    @Option(help: "Who may read status, stream, metrics and healthz: open, bot or control.")
    var readAccess = "open"
    @Option(help: "Also serve on this Unix-domain socket (mode 0600, removed on exit): the lowest-latency transport for local bots.")
    var unixSocket: String?

    func validate() throws {
        if let preset, LimitTable.Preset(rawValue: preset) == nil { throw ValidationError("--preset \(preset): use korea or global") }
        guard streamIntervalMs >= 50 else { throw ValidationError("--stream-interval-ms \(streamIntervalMs): the minimum is 50") }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port): not a TCP port") }
        if tokenFile == nil, !SidecarTokenFile.isLoopback(host) {
            throw ValidationError("--host \(host): binding a non-loopback address needs --token-file")
        }
        guard SidecarAccess.Tier(rawValue: readAccess) != nil else {
            throw ValidationError("--read-access \(readAccess): use open, bot or control")
        }
        if let unixSocket {
            do { try SidecarUnixSocketService.check(unixSocket) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() async throws {
        var runtimeConfiguration: RuntimeConfiguration
        do { runtimeConfiguration = try RuntimeConfiguration.load(file: config) } catch {
            throw ValidationError("--config \(config ?? "(none)"): \(error)")
        }
        if let preset = preset.flatMap(LimitTable.Preset.init(rawValue:)) {
            runtimeConfiguration.limiter.limits = .preset(preset)
        }
        let token = try loadToken()
        let botToken = try loadBotToken()
        let logger = Logger(label: "upbit.sidecar")
        let runtime = LimiterRuntime(configuration: runtimeConfiguration, label: "sidecar \(host):\(port)", logger: logger)
        let server = SidecarServer(runtime: runtime, token: token, botToken: botToken,
                                   readAccess: SidecarAccess.Tier(rawValue: readAccess) ?? .open,
                                   configuration: .init(streamInterval: .milliseconds(streamIntervalMs)), logger: logger)
        let recording = try startRecording(runtime)
        defer { recording?.cancel() }
        let host = host
        let app = server.application(host: host, port: port) { bound in
            Self.say("upbit-limiter sidecar listening on http://\(host):\(bound)")
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: LimiterRuntimeService(runtime: runtime)), .init(service: app)]
        if let unixSocket {
            let listener: SidecarUnixSocketService
            do {
                listener = try SidecarUnixSocketService(server: server, path: unixSocket) {
                    Self.say("upbit-limiter sidecar listening on unix socket \(unixSocket) (mode 0600)")
                }
            } catch { throw ValidationError("\(error)") }
            services.append(.init(service: listener))
        }
        services.append(.init(service: InflightDrainService(inflight: server.inflight)))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    private func loadToken() throws -> String {
        do {
            if let tokenFile { return try SidecarTokenFile.read(tokenFile) }
            let path = SidecarTokenFile.defaultPath(port: port)
            let token = try SidecarTokenFile.generate(at: path)
            Self.say("control token written to \(path) (mode 0600)")
            return token
        } catch { throw ValidationError("\(error)") }
    }

    /// The bot token: read from --bot-token-file; generated next to the control token when serving off
    /// loopback without one (bots elsewhere must always present a token); else none.
    private func loadBotToken() throws -> String? {
        do {
            if let botTokenFile { return try SidecarTokenFile.read(botTokenFile) }
            guard !SidecarTokenFile.isLoopback(host) else { return nil }
            let path = SidecarTokenFile.defaultPath(port: port) + ".bot"
            let token = try SidecarTokenFile.generate(at: path)
            Self.say("bot token written to \(path) (mode 0600): bots off loopback send 'Authorization: Bearer <token>'")
            return token
        } catch { throw ValidationError("\(error)") }
    }

    /// Writes `line` to standard output at once (unbuffered, so scripts see it while serving).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func startRecording(_ runtime: LimiterRuntime) throws -> Task<Void, Never>? {
        guard let record else { return nil }
        let recorder: StatusRecorder
        do { recorder = try StatusRecorder(path: record, source: runtime.label) } catch { throw ValidationError("--record: \(error)") }
        let source = RecordingStatusSource(base: runtime, recorder: recorder)
        return Task { for await _ in source.updates() {} }
    }
}
