import ArgumentParser
import Foundation
import LimiterRecording
import LimiterSharedStore
import LimiterSidecar
import Logging
import ServiceLifecycle
import UpbitHTTPClient
import Synchronization
import UpbitRateLimit

/// `upbit-limiter serve`: one limiter as a local HTTP sidecar for every bot on the host.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the limiter as a local HTTP sidecar (acquire/report, status, SSE, control, /metrics).",
        discussion: "API: docs/API.md. Control routes need 'Authorization: Bearer <token>'; the token comes from --token-file or is generated, once the port is bound, into a 0600 file in a private directory ($XDG_RUNTIME_DIR/upbit-limiter or /tmp/upbit-limiter-<uid>) whose path is printed. SIGTERM/SIGINT: waiting acquires are answered 503, status streams end, exit within 5 s.")

    @Option(help: "Address to bind (non-loopback needs --token-file).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 = any free port).") var port = 8089
    @Option(help: "File holding the bearer token for the control routes (must not be group/world readable).")
    var tokenFile: String?
    @Option(help: "Runtime configuration JSON (limits, supervisor, alerts); reloaded on change and SIGHUP.")
    var config: String?
    @Option(help: "Limit preset: korea or global (overrides the configuration's table).") var preset: String?
    @Option(name: .customLong("stream-interval-ms"), help: "Default interval between SSE status frames, ms (50…60000).")
    var streamIntervalMs = 500
    @Option(name: .customLong("max-connections"), help: "Most open connections; one more is answered 503 (1…65536).")
    var maxConnections = 512
    @Option(name: .customLong("max-streams"), help: "Most open status streams; one more is answered 503 (1…10000).")
    var maxStreams = 64
    @Option(name: .customLong("idle-timeout-s"), help: "Close a connection idle (or stalled mid-request) this long, s (0.1…3600).")
    var idleTimeoutS = 60.0
    @Option(help: "Record every status frame into this file (replay with 'console --replay'); its SLA table is printed at exit.")
    var record: String?
    @Option(help: "File holding the bots' bearer token for acquire/report/release (like --token-file). Without it, bots on loopback need none; serving off loopback generates one.")
    var botTokenFile: String?
    @Option(help: "Who may read status, stream, metrics and healthz: open, bot or control.")
    var readAccess = "open"
    @Option(help: "Also serve on this Unix-domain socket (mode 0600, removed on exit): the lowest-latency transport for local bots.")
    var unixSocket: String?
    @Option(help: "Share the account's private groups with other hosts through this PostgreSQL store: postgres://USER@HOST:PORT/DB (docs/SHARED.md).")
    var shared: String?
    @Option(help: "The account the shared groups belong to (hosts with the same store and account share; default: 'default').")
    var account: String?

    func validate() throws {
        if let preset, LimitTable.Preset(rawValue: preset) == nil { throw ValidationError("--preset \(preset): use korea or global") }
        do {
            _ = try CheckedInput.count(port, "--port", in: 0...65_535)
            _ = try serverConfiguration
        } catch { throw ValidationError("\(error)") }
        if tokenFile == nil, !SidecarTokenFile.isLoopback(host) {
            throw ValidationError("--host \(host): binding a non-loopback address needs --token-file")
        }
        guard SidecarAccess.Tier(rawValue: readAccess) != nil else {
            throw ValidationError("--read-access \(readAccess): use open, bot or control")
        }
        if let unixSocket {
            do { try SidecarUnixSocketService.check(unixSocket) } catch { throw ValidationError("\(error)") }
        }
        if let shared { _ = try PostgresStoreAddress(parsing: shared, input: "--shared") }
        if let account, account.isEmpty || account.utf8.count > 128 {
            throw ValidationError("--account: 1 to 128 bytes expected")
        }
        if account != nil, shared == nil { throw ValidationError("--account needs --shared (or the config's shared.url)") }
    }

    func run() async throws {
        let overrides = RuntimeBuilder.Overrides(limits: preset.flatMap(LimitTable.Preset.init(rawValue:)).map(LimitTable.preset))
        let builder = RuntimeBuilder(file: config, overrides: overrides, sinks: WebhookAlertSink.sinks(for:))
        let token = try tokenFile.map { path in try failing { try SidecarTokenFile.read(path) } } ?? SidecarTokenFile.generate()
        // Bots off loopback must always present a token: one is generated when none is given.
        let botToken = try botTokenFile.map { path in try failing { try SidecarTokenFile.read(path) } }
            ?? (SidecarTokenFile.isLoopback(host) ? nil : SidecarTokenFile.generate())
        let generated = [(name: "control token", suffix: "", token: tokenFile == nil ? token : nil),
                         (name: "bot token", suffix: ".bot", token: botTokenFile == nil ? botToken : nil)]
            .compactMap { entry in entry.token.map { (name: entry.name, suffix: entry.suffix, token: $0) } }
        let tokenDirectory = try generated.isEmpty ? nil : failing { try SidecarTokenFile.privateDirectory() }
        let logger = Logger(label: "upbit.sidecar")
        LimiterMetricsFactory.bootstrap()
        let runtime: LimiterRuntime
        do { runtime = try builder.makeRuntime(label: "sidecar \(host):\(port)", logger: logger) } catch {
            throw CommandFailure(config.map { "--config \($0): \(error)" } ?? "\(error)")
        }
        let server = SidecarServer(runtime: runtime, token: token, botToken: botToken,
                                   readAccess: SidecarAccess.Tier(rawValue: readAccess) ?? .open,
                                   configuration: try serverConfiguration, logger: logger)
        let recording = try startRecording(runtime)
        defer { recording?.cancel() }
        let host = host
        let tokenPaths = Mutex<[String]>([]), tokenFailure = Mutex<String?>(nil)
        defer { for path in tokenPaths.withLock({ $0 }) { unlink(path) } }
        let (stop, stopping) = AsyncStream.makeStream(of: Void.self)
        let app = server.application(host: host, port: port) { bound in
            // Written only now: a sidecar that failed to bind never touches another one's token.
            for (name, suffix, token) in generated {
                let path = SidecarTokenFile.path(in: tokenDirectory ?? "", port: bound) + suffix
                do {
                    try SidecarTokenFile.write(token, to: path)
                    tokenPaths.withLock { $0.append(path) }
                    Self.say("\(name) written to \(path) (mode 0600)")
                } catch {
                    tokenFailure.withLock { $0 = "\(error)" }
                    stopping.yield()
                    return
                }
            }
            Self.say("upbit-limiter sidecar listening on http://\(host):\(bound)")
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: LimiterRuntimeService(runtime: runtime)), .init(service: app)]
        if let store = try sharedStore(runtime.configuration, runtime: runtime, logger: logger) {
            services.append(.init(service: store))
        }
        if let unixSocket {
            let listener = try failing {
                try SidecarUnixSocketService(server: server, path: unixSocket) {
                    Self.say("upbit-limiter sidecar listening on unix socket \(unixSocket) (mode 0600)")
                }
            }
            services.append(.init(service: listener))
        }
        services.append(.init(service: SidecarDrainService(server: server)))
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // SIGTERM → exit within 5 s: streams end and waiters are answered at once; a client that does not
        // read its answer is cut off after 3 s, and a task that ignores cancellation after 1 s more.
        configuration.maximumGracefulShutdownDuration = .seconds(3)
        configuration.maximumCancellationDuration = .seconds(1)
        let group = ServiceGroup(configuration: configuration)
        let watcher = Task { for await _ in stop { await group.triggerGracefulShutdown() } }
        defer { watcher.cancel() }
        do { try await group.run() } catch {
            throw CommandFailure(SidecarBindFailure.describe(error, address: "\(host):\(port)") ?? "\(error)")
        }
        if let failure = tokenFailure.withLock({ $0 }) { throw CommandFailure(failure) }
        if let record {
            recording?.cancel()
            Self.say(RunSLA.table(recording: record))
        }
    }

    /// The server settings from the flags, each through the checked conversion.
    private var serverConfiguration: SidecarServer.Configuration {
        get throws(InputError) {
            .init(streamInterval: try CheckedInput.milliseconds(Double(streamIntervalMs), "--stream-interval-ms",
                                                                in: .closed(50, 60_000)),
                  maxConnections: try CheckedInput.count(maxConnections, "--max-connections", in: 1...65_536),
                  maxStreams: try CheckedInput.count(maxStreams, "--max-streams", in: 1...10_000),
                  idleTimeout: try CheckedInput.seconds(idleTimeoutS, "--idle-timeout-s", in: .closed(0.1, 3_600)))
        }
    }

    /// `body`'s value; its error becomes a one-line ``CommandFailure``.
    private func failing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw CommandFailure("\(error)") }
    }

    /// The shared store from `--shared`/`--account` or the configuration's `shared`, attached to `runtime`.
    private func sharedStore(_ configuration: RuntimeConfiguration, runtime: LimiterRuntime,
                             logger: Logger) throws -> PostgresWindowStore? {
        guard let url = shared ?? configuration.sharedStoreURL else { return nil }
        let address = try PostgresStoreAddress(parsing: url, input: shared != nil ? "--shared" : "shared.url")
        var settings = configuration.shared
        if let account { settings.account = account }
        let store: PostgresWindowStore
        do { store = try PostgresWindowStore(address: address, logger: logger) } catch {
            throw CommandFailure("\(address): \(error)")
        }
        do {
            runtime.attach(try SharedRateLimiter(limiter: runtime.limiter, store: store, storeName: "\(address)",
                                                 configuration: settings))
        } catch { throw CommandFailure("\(error)") }
        Self.say("sharing account '\(settings.account)' groups through \(address) as host \(settings.host)")
        return store
    }

    /// Writes `line` to standard output at once (unbuffered, so scripts see it while serving).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func startRecording(_ runtime: LimiterRuntime) throws -> Task<Void, Never>? {
        guard let record else { return nil }
        let recorder: StatusRecorder
        do { recorder = try StatusRecorder(path: record, source: runtime.label) } catch { throw CommandFailure("--record \(record): \(error)") }
        let source = RecordingStatusSource(base: runtime, recorder: recorder)
        return Task { for await _ in source.updates() {} }
    }
}
