import ArgumentParser
import Foundation
import UpbitRateLimit

/// `upbit-limiter bench sidecar`: acquires/s and round-trip percentiles of a running sidecar.
struct SidecarBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sidecar",
        abstract: "Load a running sidecar's POST /v1/acquire over TCP and/or its Unix socket: acquires/s, p50, p99.",
        discussion: "Start the sidecar with a huge limit, e.g. UPBIT_RATE_LIMIT_TICKER_RPS=1000000 UPBIT_RATE_LIMIT_TICKER_BURST=1000000 upbit-limiter serve --port 18190 --unix-socket /tmp/upbit-limiter.sock")

    @Option(help: "The sidecar's base URL, e.g. http://127.0.0.1:8089.") var url: String?
    @Option(help: "The sidecar's --unix-socket path.") var unixSocket: String?
    @Option(help: "Connection counts, comma-separated: one table row per count and transport.") var connections = "1,32"
    @Option(help: "Seconds measured per run.") var duration = 10.0
    @Option(help: "Seconds of load before measuring.") var warmup = 1.0
    @Option(help: "Runs per row; the row shows the median of each figure.") var runs = 3
    @Option(help: "Client event-loop threads.") var threads = 1
    @Option(help: "The acquire body.") var body = #"{"endpoint":"/v1/ticker","method":"GET","timeout":1}"#
    @Option(help: "Round trip: acquire, report (acquire + report with endpoint and method) or lease (leased acquire + report with its permit).")
    var mode = "acquire"

    func validate() throws {
        guard url != nil || unixSocket != nil else { throw ValidationError("give --url, --unix-socket or both") }
        _ = try targets()
        _ = try connectionCounts()
        do {
            _ = try periods
            _ = try CheckedInput.count(runs, "--runs", in: 1...1_000)
            _ = try CheckedInput.count(threads, "--threads", in: 1...256)
        } catch { throw ValidationError("\(error)") }
        guard SidecarLoad.Mode(rawValue: mode) != nil else { throw ValidationError("--mode \(mode): use acquire, report or lease") }
    }

    func run() async throws {
        let mode = SidecarLoad.Mode(rawValue: mode) ?? .acquire
        var table = BenchTable(title: "upbit-limiter sidecar benchmark (\(mode), median of \(runs) × \(duration) s)")
        let (measured, warmup) = try periods
        for target in try targets() {
            for count in try connectionCounts() {
                var results: [SidecarLoad.Result] = []
                for run in 1...runs {
                    FileHandleOutput.standardError("bench: \(target), \(count) connection(s), run \(run)/\(runs)…\n")
                    let load = SidecarLoad(target: target, connections: count, duration: measured,
                                           warmup: warmup, threads: threads, body: body, mode: mode)
                    results.append(try await load.run())
                }
                table.add(row(target: target, connections: count, results: results))
            }
        }
        print(table.rendered)
    }

    /// `--duration` (0.1…3600 s) and `--warmup` (0…3600 s) through the checked conversion.
    private var periods: (measured: Duration, warmup: Duration) {
        get throws(InputError) {
            (try CheckedInput.seconds(duration, "--duration", in: .closed(0.1, 3_600)),
             try CheckedInput.seconds(warmup, "--warmup", in: .closed(0, 3_600)))
        }
    }

    private func row(target: SidecarLoad.Target, connections: Int, results: [SidecarLoad.Result]) -> BenchRow {
        func median(_ figure: (SidecarLoad.Result) -> Double) -> Double { results.map(figure).sorted()[results.count / 2] }
        let failures = results.map(\.failures).reduce(0, +)
        var value = String(format: "%.0f round trips/s · p50 %.0f µs · p99 %.0f µs", median(\.perSecond),
                           median { $0.microseconds(atQuantile: 0.5) }, median { $0.microseconds(atQuantile: 0.99) })
        if failures > 0 { value += " · \(failures) non-200" }
        let goal = connections == 1 ? "p50 ≤ 100 µs" : connections >= 32 ? "≥ 30,000/s" : ""
        return BenchRow(name: "\(target), \(connections) connection\(connections == 1 ? "" : "s")", value: value, target: goal)
    }

    private func targets() throws -> [SidecarLoad.Target] {
        var targets: [SidecarLoad.Target] = []
        if let url {
            guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
                throw ValidationError("--url \(url): expected http://HOST:PORT")
            }
            targets.append(.tcp(host: host, port: parsed.port ?? 80))
        }
        if let unixSocket { targets.append(.unix(path: unixSocket)) }
        return targets
    }

    private func connectionCounts() throws -> [Int] {
        try connections.split(separator: ",").map { text in
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count >= 1 else {
                throw ValidationError("--connections \(connections): expected positive integers separated by commas")
            }
            return count
        }
    }
}
