import ArgumentParser
import ExchangeSimulation
import Foundation
import LimiterBenchmarks
import LimiterSidecar
import UpbitEmulator
import UpbitHTTPClient
import UpbitRateLimit

/// `upbit-limiter emulate`: a local Upbit that enforces the published limits strictly.
struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run a local Upbit REST emulator that answers 429/418 and Remaining-Req like the exchange.",
        discussion: "GET /__stats returns requests, 429s and 418s per group. Stops on SIGINT/SIGTERM."
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 = any free port).") var port = 8080
    @Option(name: .customLong("latency-ms"), help: "Round-trip latency added to every answer, ms (0…60000).") var latencyMs = 2.0
    @Option(name: .customLong("jitter-ms"), help: "Random delay added to each leg, up to this many ms (0…60000).") var jitterMs = 1.0
    @Option(name: .customLong("error-rate"), help: "Share of accepted requests answered 503, 0…1.") var errorRate = 0.0
    @Option(name: .customLong("slow-rate"), help: "Share of answers delayed by --slow-ms, 0…1.") var slowRate = 0.0
    @Option(name: .customLong("slow-ms"), help: "Extra delay of a slow answer, ms (0…60000).") var slowMs = 1000.0
    @Flag(help: "Play the seed's gradual degradation: answers take 0.1 s, 0.5 s after 50 requests, 2 s after 100.")
    var degrade = false
    @Flag(name: .customLong("fixed-window"), help: "Count fixed one-window buckets instead of sliding windows.")
    var fixedWindow = false
    @Option(help: "Limit preset: korea or global.") var preset = "korea"
    @Option(help: "JSON limit table overriding the preset (see docs).") var limits: String?
    @Option(help: "Verify JWTs of this key: ACCESS_KEY:SECRET_KEY (repeatable).") var secret: [String] = []
    @Option(help: "Instead of serving: saturate ticker, order and default through the limiter over loopback HTTP for this many seconds, print the share of each limit used, and exit (1…3600).")
    var saturate: Int?
    @Option(help: "With --saturate: go through this sidecar (`serve`) instead of an embedded limiter, e.g. http://127.0.0.1:8089.")
    var sidecar: String?
    @Option(name: .customLong("sidecar-socket"), help: "With --saturate: go through the sidecar's --unix-socket at this path.")
    var sidecarSocket: String?
    @Option(name: .customLong("sidecar-token-file"), help: "The sidecar's bot token (needed when it has --bot-token-file).")
    var sidecarTokenFile: String?

    func validate() throws {
        do {
            _ = try CheckedInput.count(port, "--port", in: 0...65_535)
            _ = try conditions
            _ = try saturate.map { seconds throws(InputError) in try CheckedInput.count(seconds, "--saturate", in: 1...3_600) }
        } catch { throw ValidationError("\(error)") }
        guard LimitTable.Preset(rawValue: preset) != nil else {
            throw ValidationError("--preset must be korea or global, got '\(preset)'")
        }
        if sidecar != nil || sidecarSocket != nil || sidecarTokenFile != nil {
            guard saturate != nil else { throw ValidationError("--sidecar, --sidecar-socket and --sidecar-token-file need --saturate") }
            guard (sidecar == nil) != (sidecarSocket == nil) else {
                throw ValidationError("give one of --sidecar and --sidecar-socket")
            }
        }
        for pair in secret where !pair.contains(":") {
            throw ValidationError("--secret must be ACCESS_KEY:SECRET_KEY, got '\(pair)'")
        }
    }

    func run() async throws {
        var rules = ExchangeEnforcer.Configuration(windowMode: fixedWindow ? .fixed : .sliding)
        do {
            rules.limits = try limits.map { try LimitTable.load(contentsOf: $0) } ?? .preset(LimitTable.Preset(rawValue: preset)!)
        } catch {
            throw CommandFailure("--limits: \(error)")
        }
        let conditions = try self.conditions
        var secrets: [String: String] = [:]
        for pair in secret {
            let parts = pair.split(separator: ":", maxSplits: 1)
            secrets[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let emulator = UpbitEmulator(configuration: .init(host: host, port: saturate == nil ? port : 0, rules: rules, conditions: conditions,
                                                          secrets: secrets))
        if let saturate {
            try await runSaturation(emulator: emulator, seconds: saturate)
            return
        }
        let banner = "(\(rules.limits.source), \(fixedWindow ? "fixed" : "sliding") windows); GET /__stats"
        try await emulator.runUntilSignalled { bound in
            print("upbit emulator on http://\(host):\(bound) \(banner)")
        }
    }

    /// The gate of `--saturate`: the sidecar named by `--sidecar`/`--sidecar-socket`, else an embedded limiter.
    private func gate() throws -> any RequestGate {
        let address: SidecarGate.Configuration.Address
        if let sidecar { address = .http(sidecar) } else if let sidecarSocket { address = .unixSocket(sidecarSocket) } else {
            return RateLimiter()
        }
        let token = try sidecarTokenFile.map { path in
            do { return try SidecarTokenFile.read(path) } catch { throw CommandFailure("--sidecar-token-file: \(error)") }
        }
        do { return try SidecarGate(configuration: .init(address: address, token: token)) } catch {
            throw CommandFailure("--sidecar: \(error.message)")
        }
    }

    /// The emulated network from the flags, each through the checked conversion.
    private var conditions: ExchangeConditions {
        get throws(InputError) {
            let delays = InputRange.closed(0, 60_000)
            return ExchangeConditions(
                latency: try CheckedInput.milliseconds(latencyMs, "--latency-ms", in: delays),
                jitter: try CheckedInput.milliseconds(jitterMs, "--jitter-ms", in: delays),
                errorRate: try CheckedInput.ratio(errorRate, "--error-rate", in: .closed(0, 1)),
                slowRate: try CheckedInput.ratio(slowRate, "--slow-rate", in: .closed(0, 1)),
                slowExtra: try CheckedInput.milliseconds(slowMs, "--slow-ms", in: delays),
                degradation: degrade ? ExchangeConditions.seedDegradation : [])
        }
    }

    private func runSaturation(emulator: UpbitEmulator, seconds: Int) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await emulator.run { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { return }
        let gate = try self.gate()
        let client = UpbitClient(gate: gate, configuration: .init(
            baseURL: "http://127.0.0.1:\(bound)", signer: UpbitSigner(accessKey: "bench", secretKey: "bench"), retriesAfter429: 0))
        let sidecarGate = gate as? SidecarGate
        do {
            // One call first, so an unreachable sidecar is one clear error rather than a run of failures.
            _ = try await client.get("/v1/ticker", [.init("markets", "KRW-BTC")])
        } catch let error as SidecarGateError {
            try await sidecarGate?.shutdown()
            throw CommandFailure("\(error)")
        }
        let results = await ExchangeSaturationBenchmark(client: client, duration: .seconds(max(2, seconds))).run()
        try await sidecarGate?.shutdown()
        print("group       limit/s  accepted  share    429  418  other")
        for r in results {
            let name = r.group.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            print("\(name)  \(Int(r.limitPerSecond))       \(r.accepted)      \(String(format: "%.1f%%", r.share * 100))  \(r.tooMany429)    \(r.blocked418)    \(r.otherFailures)")
        }
        let stats = emulator.exchange.stats().values
        print("emulator saw: 429 = \(stats.reduce(0) { $0 + $1.tooMany429 }), 418 = \(stats.reduce(0) { $0 + $1.blocked418 })")
    }
}
