import Foundation
import LimiterRecording
import UpbitRateLimit

/// A fresh path in a per-test temporary directory.
func temporaryPath(_ name: String = "rec.ndjson") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rec-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

/// A small fixture recording: `frames` frames 0.5 s apart from unix time 1_795_000_000.
func fixture(frames: Int = 600, operatorEvery: Double = 60) throws -> String {
    let path = temporaryPath()
    try RecordingFixture.write(to: path, configuration: .init(frames: frames, seed: 3, operatorEvery: operatorEvery))
    return path
}

/// A tiny frame with one group, built through the public JSON contract.
func frame(t: Double, seq: UInt64, queue: Int = 0, errors429: UInt64 = 0, events: [LimiterEvent] = [],
           alerts: [AlertStatus] = []) throws -> StatusFrame {
    let group = """
        {"name":"order","scope":"pocket","limit_per_second":8,"window_seconds":1,"rate_ratio":1,"queue_depth":\(queue),
        "granted_total":\(seq),"timeouts_total":0,"cancelled_total":0,"rejected_total":0,"errors_429_total":\(errors429),
        "errors_418_total":0,"unmapped_total":0,"malformed_headers_total":0,"consecutive_429":0,
        "wait_ms":{"p50":1,"p95":2,"p99":3},"tat_drift_ms":{"p50":0,"p95":0},"tat_ms":0,"utilization":0.5,"circuit":"closed"}
        """
    let status = try JSONDecoder().decode(GroupStatus.self, from: Data(group.utf8))
    return StatusFrame(t: t, seq: seq, source: "test", limits: "preset:korea", groups: [status], alerts: alerts, events: events)
}

/// Reads a file's bytes.
func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

/// Writes bytes to a new file.
func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
