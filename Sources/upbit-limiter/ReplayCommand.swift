import ArgumentParser
import Foundation
import LimiterRecording
import UpbitRateLimit

/// `upbit-limiter replay FILE --summary | --sla | --export csv [--output F]`: a recording in numbers;
/// `replay FILE --audit`: an audit log (`audit_log`), one control action per line.
/// (`console --replay FILE` plays it on screen.)
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Summarise a recording or export its per-group series (console --replay FILE plays it).",
        discussion: "The recording format is described in docs/RECORDING.md.")

    /// Export formats.
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case csv
    }

    @Argument(help: "The recording (NDJSON written by --record).")
    var file: String

    @Flag(help: "Print duration, per-group peak queue depth, 429/418 counts and alerts raised.")
    var summary = false

    @Flag(help: "Print the seed's SLA table (availability, zero-429, p50/p95/p99 wait, memory, task uptime), PASS/FAIL per line; exit 1 on a FAIL.")
    var sla = false

    @Flag(help: "FILE is an audit log (the configuration's audit_log): print its control actions.")
    var audit = false

    @Option(help: "Write per-group series in this format (csv).")
    var export: ExportFormat?

    @Option(name: .shortAndLong, help: "Where --export writes (default: standard output).")
    var output: String?

    @Option(help: "Only these groups in --export (comma-separated).")
    var groups: String?

    @Flag(help: .hidden)
    var generateFixture = false

    @Option(help: .hidden)
    var frames = 172_800

    @Flag(help: .hidden)
    var measure = false

    func validate() throws {
        let modes = [summary, sla, audit, export != nil, generateFixture, measure].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give one of --summary, --sla, --audit or --export csv") }
        if output != nil, export == nil { throw ValidationError("--output goes with --export") }
        guard frames > 0 else { throw ValidationError("--frames must be positive") }
    }

    func run() async throws {
        // A RecordingError's description names the file; ArgumentParser prints it and exits 1.
        if generateFixture {
            let stats = try RecordingFixture.write(to: file, configuration: .init(frames: frames))
            print("wrote \(file): \(stats.frames) frames, \(stats.events) events, \(stats.bytes) bytes")
        } else if measure {
            print(try ReplayMeasurement.run(path: file).render())
        } else if audit {
            let entries: [AuditLog.Entry]
            do { entries = try AuditLog.read(path: file) } catch { throw ValidationError("\(error)") }
            for e in entries {
                let change = e.before.map { "  \($0) → \(e.after ?? "?")" } ?? ""
                print("\(RecordingSummary.utc(e.t))  \(e.action)  \(e.source)  \(e.outcome)\(change)"
                      + (e.correlationID.map { "  [\($0)]" } ?? ""))
            }
        } else if sla {
            let report = SLAReport(reader: try RecordingReader(path: file))
            print(report.render())
            if !report.passed { throw ExitCode(1) }
        } else if summary {
            print(RecordingSummary(reader: try RecordingReader(path: file)).render())
        } else {
            let selected = groups.map { Set($0.split(separator: ",").map { GroupID(String($0)) }) }
            let exporter = RecordingCSVExporter(reader: try RecordingReader(path: file), groups: selected)
            if let output { try exporter.write(toFile: output) } else { try exporter.write(to: FileHandle.standardOutput) }
        }
    }
}
