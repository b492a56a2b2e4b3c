import Foundation
import LimiterRecording
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// `replay --sla`: the seed's SLA table from a recording.
@Suite struct SLAReportTests {
    /// 100 frames 0.5 s apart, one grant each (waits 1/2/3 ms); `tweak` edits frame `i`.
    private func recording(_ tweak: (Int, inout StatusFrame) -> Void = { _, _ in }) throws -> SLAReport {
        let path = temporaryPath()
        let recorder = try StatusRecorder(path: path, source: "test", clock: ManualClock())
        for i in 0..<100 {
            var f = try frame(t: 100 + Double(i) * 0.5, seq: UInt64(i + 1))
            f.tasks = [TaskStatus(name: "metrics-sampler", alive: true, restarts: 0, lastBeat: f.t)]
            f.process = ProcessStatus(rssMb: 40, uptimeS: f.t - 100)
            tweak(i, &f)
            recorder.record(f)
        }
        return SLAReport(reader: try RecordingReader(path: path))
    }

    private func value(_ report: SLAReport, _ name: String) -> Double? { report.lines.first { $0.name == name }?.actual }
    private func passed(_ report: SLAReport, _ name: String) -> Bool? { report.lines.first { $0.name == name }?.passed }

    @Test func aCleanRecordingPassesEveryLine() throws {
        let report = try recording()
        #expect(report.frames == 100)
        #expect(report.lines.map(\.name) == ["availability", "zero_429_compliance", "p50_latency_ms", "p95_latency_ms",
                                             "p99_latency_ms", "memory_usage_mb", "background_task_uptime"])
        #expect(value(report, "availability") == 100 && value(report, "zero_429_compliance") == 100)
        #expect(value(report, "p50_latency_ms") == 1 && value(report, "p95_latency_ms") == 2 && value(report, "p99_latency_ms") == 3)
        #expect(value(report, "memory_usage_mb") == 40 && value(report, "background_task_uptime") == 100)
        #expect(report.passed)
        #expect(report.render().contains("overall    PASS (7/7 lines, 100 frames)"))
    }

    @Test func a429AGapADeadTaskAndMemoryFailTheirLines() throws {
        let report = try recording { i, f in
            if i >= 50 { f.groups[0].errors429Total = 1 }
            if i >= 60 { f.t += 30 }                     // 30 s without frames
            if i == 70 { f.tasks[0].alive = false }
            if i == 80 { f.process.rssMb = 150 }
        }
        let availability = try #require(value(report, "availability"))
        #expect(abs(availability - 100 * (1 - 30.5 / 79.5)) < 0.01, "\(availability)")
        #expect(passed(report, "zero_429_compliance") == false)   // 1 × 429 in 99 grants
        #expect(value(report, "background_task_uptime") == 99)
        #expect(value(report, "memory_usage_mb") == 150)
        #expect(passed(report, "p95_latency_ms") == true)
        #expect(!report.passed)
        #expect(report.render().contains("FAIL"))
    }

    @Test func framesWithoutTasksOrMemoryHaveNoData() throws {
        let path = temporaryPath()
        let recorder = try StatusRecorder(path: path, source: "test", clock: ManualClock())
        for i in 0..<3 { recorder.record(try frame(t: 100 + Double(i), seq: UInt64(i + 1))) }
        let report = SLAReport(reader: try RecordingReader(path: path))
        #expect(value(report, "background_task_uptime") == nil && passed(report, "background_task_uptime") == false)
        #expect(value(report, "memory_usage_mb") == nil)
        #expect(report.render().contains("no data"))
    }
}
