import ArgumentParser
import UpbitRateLimit

/// `upbit-limiter bench`: benchmarks printed as tables (build with `-c release`); `core` by default.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the core limiter (default) or a running sidecar.",
        subcommands: [CoreBenchCommand.self, SidecarBenchCommand.self],
        defaultSubcommand: CoreBenchCommand.self)
}

/// `upbit-limiter bench core`: the core limiter's benchmarks as a table.
struct CoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Measure the core limiter: fast-path cost, throughput, memory per waiter, release lateness.")

    @Option(help: "Operations per fast-path sample.")
    var iterations = 1_000_000

    @Option(help: "Waiters for the memory measurement.")
    var waiters = 100_000

    @Option(help: "Seconds of the 30/s lateness run.")
    var latenessSeconds = 20

    func validate() throws {
        do {
            _ = try CheckedInput.count(iterations, "--iterations", in: 1...1_000_000_000)
            _ = try CheckedInput.count(waiters, "--waiters", in: 1...10_000_000)
            _ = try CheckedInput.count(latenessSeconds, "--lateness-seconds", in: 1...3_600)
        } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        var table = BenchTable(title: "upbit-limiter core benchmarks")
        let bench = CoreBenchmarks()
        progress("fast path: tryAcquire")
        table.add(bench.tryAcquireNanos(iterations: iterations))
        progress("fast path: acquire")
        table.add(await bench.acquireNanos(iterations: iterations))
        progress("1,000 concurrent tasks")
        table.add(await bench.concurrentGrants(tasks: 1_000, perTask: 1_000))
        progress("\(waiters) waiters")
        table.add(contentsOf: await bench.bytesPerWaiter(count: waiters))
        progress("release lateness at 30/s for \(latenessSeconds) s")
        table.add(contentsOf: try await bench.lateness(seconds: latenessSeconds))
        print(table.rendered)
    }

    private func progress(_ step: String) {
        FileHandleOutput.standardError("bench: \(step)…\n")
    }
}
