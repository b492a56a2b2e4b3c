import Foundation
import LimiterRecording
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

@Suite struct SummaryTests {
    /// Five frames: queue peaks at 7 in frame 3, 429 total goes 0,2,2,5 then the source restarts at 1.
    private func known() throws -> String {
        let path = temporaryPath()
        let recorder = try StatusRecorder(path: path, source: "test", clock: ManualClock())
        let alert = AlertStatus(level: .p1, rule: "repeated_429", group: "order", since: 101, message: "429s")
        let rows: [(queue: Int, e429: UInt64, alerts: [AlertStatus])] = [
            (0, 0, []), (3, 2, [alert]), (7, 2, [alert]), (1, 5, []), (0, 1, []),
        ]
        for (i, row) in rows.enumerated() {
            recorder.record(try frame(t: 100 + Double(i), seq: UInt64(i + 1), queue: row.queue, errors429: row.e429,
                                      alerts: row.alerts))
        }
        return path
    }

    @Test func summaryOfAKnownRecording() throws {
        let summary = RecordingSummary(reader: try RecordingReader(path: try known()))
        #expect(summary.duration == 4)
        #expect(summary.frames == 5)
        let order = try #require(summary.groups.first)
        #expect(order.name == "order")
        #expect(order.peakQueueDepth == 7)
        #expect(order.peakQueueAt == 102)
        #expect(order.errors429 == 6)   // 2 + 3 + 1 after the restart
        #expect(order.errors418 == 0)
        #expect(summary.alerts.count == 1)
        let text = summary.render()
        #expect(text.contains("0h 00m 04s"))
        #expect(text.contains("429: 6"))
        #expect(text.contains("alerts     1 raised"))
    }

    @Test func csvExportHasOneRowPerFrameAndGroup() throws {
        let csvPath = temporaryPath("out.csv")
        let rows = try RecordingCSVExporter(reader: try RecordingReader(path: try known())).write(toFile: csvPath)
        #expect(rows == 5)
        let lines = String(decoding: try bytes(csvPath), as: UTF8.self).split(separator: "\n")
        #expect(lines.first == Substring(RecordingCSVExporter.columns.joined(separator: ",")))
        #expect(lines[3].hasPrefix("102.000,order,7,1,1,2,3,0.5,1,0,0,0,closed,"))
        let errors = lines.dropFirst().map { Int($0.split(separator: ",", omittingEmptySubsequences: false)[9])! }
        #expect(errors.reduce(0, +) == 6)
    }
}
