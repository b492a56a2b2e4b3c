import Foundation
import LimiterConsole
import UpbitRateLimit

/// Frames with group detail (schema revision 1) over a few minutes, for the detail view.
enum DetailFrames {
    static let tickerDetail = GroupDetail(
        windows: [.init(limit: 10, seconds: 1, allowed: 6, lengthS: 1, used: 6,
                        settlesMs: [-900, -700, -420, -300, -80], nextFreeMs: 100)],
        leasesMs: [350], marginMs: 25, adaptiveRatio: 0.6, emergencyFactor: 1, recoveryStep: 0.05,
        nextRecoveryMs: 252_000, holdMs: nil, circuitFailures: 1, circuitThreshold: 5, circuitReopenMs: nil,
        waitHistogram: WaitHistogram(counts: [40, 12, 9, 30, 22, 51, 8, 2, 0, 0]),
        endpoints: ["GET /v1/ticker", "GET /v1/ticker/all"])

    /// `count` frames one second apart ending at the busy sample's time; the ticker's queue
    /// swells and drains, its grants run at ~6/s, its wait follows the queue.
    static func series(count: Int = 150) -> [StatusFrame] {
        (0..<count).map { i in
            var frame = SampleFrames.busy(seq: UInt64(i + 1), queue: 0)
            frame.t -= Double(count - 1 - i)
            let phase = Double(i % 60) / 60
            let queue = Int((sin(phase * 2 * .pi) + 1) * 10)
            let index = frame.groups.firstIndex { $0.name == "ticker" }!
            frame.groups[index].queueDepth = queue
            frame.groups[index].grantedTotal = UInt64(9000 + 6 * i)
            frame.groups[index].waitMs = Percentiles(p50: Double(queue) * 40, p95: Double(queue) * 90)
            frame.groups[index].detail = tickerDetail
            return frame
        }
    }

    /// A console that has seen ``series(count:)`` with the ticker selected.
    static func state(count: Int = 150) -> ConsoleState {
        var state = ConsoleState(sourceLabel: "embedded")
        for frame in series(count: count) { state.receive(.frame(frame)) }
        _ = state.press(.down, now: 0)
        _ = state.press(.down, now: 0)
        return state
    }
}
