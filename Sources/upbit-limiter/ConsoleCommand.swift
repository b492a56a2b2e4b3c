import ArgumentParser
import Foundation
import ExchangeSimulation
import LimiterConsole
import LimiterRecording
import LimiterSidecar
import UpbitHTTPClient
import UpbitRateLimit

/// `upbit-limiter [console]`: the live dashboard, on the embedded demo, a recording, or (soon) a sidecar.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The live console: an embedded limiter with the demo workload, or a recording (--replay).",
        discussion: "Keys: ? help, e/E emergency on/off, r reset recovery, p freeze, t theme, q quit.")

    @Option(help: "Demo scenario for the embedded limiter: \(DemoScenario.allCases.map(\.rawValue).joined(separator: ", ")) (default: cycle them).")
    var scenario: String?
    @Option(help: "Limiter configuration (JSON) for the embedded limiter; UPBIT_RATE_LIMIT_* overrides apply.")
    var config: String?
    @Option(help: "Replay a recording (NDJSON) instead of running the embedded limiter.")
    var replay: String?
    @Option(help: "Record every frame shown to this NDJSON file; its SLA table is printed when the console closes.")
    var record: String?
    @Option(help: "Watch a sidecar (http://HOST:PORT) instead of the embedded limiter; repeat for a fleet.")
    var connect: [String] = []
    @Option(help: "Watch the sidecars listed in FILE (one 'URL [TOKEN_FILE]' per line).")
    var hosts: String?
    @Option(help: "File holding the sidecar's bearer token (enables control keys with --connect; every --connect host).")
    var tokenFile: String?
    @Option(help: "Refresh interval in milliseconds (100…60000).")
    var refresh: Int = 500
    @Option(help: "Theme name (from themes/) or path to a .theme file.")
    var theme: String = "default"
    @Flag(help: "No colour (NO_COLOR in the environment does the same).")
    var noColor = false
    @Flag(help: "ASCII glyphs only (automatic when the locale is not UTF-8).")
    var ascii = false
    @Flag(help: "Disable the control keys (emergency, reset).")
    var readonly = false
    @Option(help: "Append log lines (standard error) to this file while the screen is up (default: discarded).")
    var log: String?
    @Flag(help: "No screen: write one frame per refresh to standard output (exit status: worst active alert, see docs/CONSOLE.md).")
    var batch = false
    @Option(help: "With --batch: stop after N updates (default: until the feed ends or Ctrl-C).")
    var iterations: Int?
    @Option(help: "With --batch: text or json (one StatusFrame per line).")
    var format: String = BatchFormat.text.rawValue

    func validate() throws {
        do { _ = try CheckedInput.count(refresh, "--refresh", in: 100...60_000) } catch { throw ValidationError("\(error)") }
        if let scenario, DemoScenario(rawValue: scenario) == nil {
            throw ValidationError("--scenario \(scenario): unknown (use \(DemoScenario.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if replay != nil, !connect.isEmpty || hosts != nil {
            throw ValidationError("--replay and --connect/--hosts exclude each other")
        }
        if hosts != nil, !connect.isEmpty { throw ValidationError("--hosts and --connect exclude each other") }
        for url in connect { if let problem = HostList.check(url: url) { throw ValidationError("--connect \(problem)") } }
        if batch, connect.count > 1 || hosts != nil { throw ValidationError("--batch watches one source: one --connect") }
        if let iterations, iterations < 1 { throw ValidationError("--iterations \(iterations): at least 1") }
        if BatchFormat(rawValue: format) == nil {
            throw ValidationError("--format \(format): unknown (use \(BatchFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if !batch, iterations != nil || format != BatchFormat.text.rawValue {
            throw ValidationError("--iterations and --format need --batch")
        }
    }

    func run() async throws {
        var configuration = ConsoleConfiguration(refresh: .milliseconds(refresh), theme: theme, noColor: noColor,
                                                 ascii: ascii, stderrPath: log, readOnlyReason: readonly ? "read-only (--readonly)" : nil)
        let notes: [String]
        if let replay {
            let player: ReplayPlayer
            do { player = try ReplayPlayer(path: replay) } catch { throw ValidationError("\(error)") }
            configuration.readOnlyReason = "replay: read-only"
            notes = try await show(recorded(player), control: nil, replay: PlayerControl(player: player),
                                   configuration: configuration)
        } else if let fleet = try fleetHosts() {
            notes = try await ConsoleApp(fleet: fleet, configuration: configuration).run()
        } else if let connect = connect.first {
            let source = SidecarStatusSource(baseURL: connect, interval: .milliseconds(refresh))
            var control: (any LimiterControl)?
            if let tokenFile {
                do { control = SidecarControl(baseURL: connect, token: try SidecarTokenFile.read(tokenFile)) } catch {
                    throw ValidationError("\(error)")
                }
            } else {
                configuration.readOnlyReason = configuration.readOnlyReason ?? "read-only (no --token-file)"
            }
            notes = try await show(recorded(source), control: control, configuration: configuration)
        } else {
            let builder = RuntimeBuilder(file: config, overrides: .init(frameInterval: .milliseconds(refresh)),
                                         sinks: WebhookAlertSink.sinks(for:))
            let runtime: LimiterRuntime
            do { runtime = try builder.makeRuntime() } catch {
                throw ValidationError("--config \(config ?? "(none)"): \(error)")
            }
            let limiter = runtime.limiter
            let workload = DemoWorkload(limiter: limiter, exchange: SimulatedExchange(clock: limiter.clock),
                                        scenario: scenario.flatMap(DemoScenario.init(rawValue:)))
            let feed = LimiterStatusFeed(label: "embedded", clock: limiter.clock, interval: .milliseconds(refresh)) {
                runtime.status(source: "embedded" + (workload.current.map { " demo: \($0.rawValue)" } ?? ""))
            }
            let background = [Task { await runtime.run() }, Task { await workload.run() }]
            defer { background.forEach { $0.cancel() } }
            notes = try await show(recorded(feed), control: AttributedControl(runtime, source: "console"),
                                   configuration: configuration)
        }
        for note in notes { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        if let record, !batch { print(RunSLA.table(recording: record)) }
    }

    /// The hosts of `--hosts FILE` or of several `--connect`, each with its control; nil for one host or none.
    private func fleetHosts() throws -> [FleetHost]? {
        guard hosts != nil || connect.count > 1 else { return nil }
        var entries = connect.map { HostEntry(url: $0, tokenFile: tokenFile) }
        if let hosts {
            let text: String
            do { text = try String(contentsOfFile: hosts, encoding: .utf8) } catch {
                throw ValidationError("--hosts \(hosts): cannot read: \(error.localizedDescription)")
            }
            do { entries = try HostList.parse(text, file: hosts) } catch { throw ValidationError("--hosts \(error)") }
        } else {
            do { try HostList.checkCount(entries, source: "--connect") } catch { throw ValidationError("\(error)") }
        }
        return try entries.map { entry in
            let source = SidecarStatusSource(baseURL: entry.url, interval: .milliseconds(refresh))
            guard let tokenFile = entry.tokenFile else {
                return FleetHost(source: source, control: nil, readOnlyReason: readonly ? "read-only (--readonly)"
                                 : "read-only (no token file for \(entry.url))")
            }
            do {
                let control = SidecarControl(baseURL: entry.url, token: try SidecarTokenFile.read(tokenFile))
                return FleetHost(source: source, control: readonly ? nil : control,
                                 readOnlyReason: readonly ? "read-only (--readonly)" : nil)
            } catch {
                throw ValidationError("token file \(tokenFile) for \(entry.url): \(error)")
            }
        }
    }

    /// The screen on `source`, or with `--batch` its frames on standard output (exits with the batch status).
    private func show(_ source: any StatusSource, control: (any LimiterControl)?, replay: (any ReplayControl)? = nil,
                      configuration: ConsoleConfiguration) async throws -> [String] {
        guard batch else {
            return try await ConsoleApp(source: source, control: control, replay: replay, configuration: configuration).run()
        }
        let runner = BatchRunner(source: source, iterations: iterations, format: BatchFormat(rawValue: format) ?? .text,
                                 refresh: .milliseconds(refresh)) {
            FileHandle.standardOutput.write(Data($0.utf8))
        }
        let outcome = await runner.run()
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
        return []
    }

    /// `source`, teed into `--record FILE` when asked.
    private func recorded(_ source: any StatusSource) throws -> any StatusSource {
        guard let record else { return source }
        do {
            return RecordingStatusSource(base: source, recorder: try StatusRecorder(path: record, source: source.label))
        } catch {
            throw ValidationError("--record \(record): \(error)")
        }
    }
}

/// Lets the console's replay keys drive a ``ReplayPlayer``.
struct PlayerControl: ReplayControl {
    let player: ReplayPlayer

    func perform(_ command: LimiterConsole.ReplayCommand) throws {
        switch command {
        case .togglePause: player.togglePause()
        case .faster: player.faster()
        case .slower: player.slower()
        case .step(let n): n > 0 ? player.stepForward() : player.stepBackward()
        case .seek(let seconds): player.seek(by: seconds)
        case .jump(let text): try player.jump(to: text)
        case .mark(let forward): forward ? player.nextMark() : player.previousMark()
        case .rewind: player.rewind()
        case .end: player.end()
        }
    }

    var status: ReplayStatus {
        let state = player.state
        let start = state.time - state.position
        return ReplayStatus(start: start, end: start + state.duration, position: state.time, speed: state.speed,
                            paused: state.isPaused,
                            marks: player.marks.map { .init(t: $0.t, label: $0.message) },
                            skippedLines: state.corruptLines, endedEarly: state.endedEarly)
    }
}
