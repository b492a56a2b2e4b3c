import Foundation
import LimiterConsole
import Synchronization
import Testing
import UpbitRateLimit

/// A feed that yields fixed updates, then ends.
struct FixedSource: StatusSource {
    let items: [StatusUpdate]
    var label: String { "fixed" }
    func updates() -> AsyncStream<StatusUpdate> {
        AsyncStream { continuation in
            for item in items { continuation.yield(item) }
            continuation.finish()
        }
    }
}

/// Collects what a batch run writes.
final class Output: Sendable {
    private let text = Mutex("")
    func append(_ s: String) { text.withLock { $0 += s } }
    var value: String { text.withLock { $0 } }
}

@Suite struct BatchTests {
    static func quiet(seq: UInt64) -> StatusFrame {
        var frame = SampleFrames.busy(seq: seq)
        frame.alerts = []
        return frame
    }

    @Test func jsonWritesOneDecodableFramePerLineAndStopsAfterIterations() async throws {
        let frames = (1...5).map { StatusUpdate.frame(Self.quiet(seq: $0)) }
        let output = Output()
        let outcome = await BatchRunner(source: FixedSource(items: frames), iterations: 3, format: .json,
                                        write: output.append).run()
        let lines = output.value.split(separator: "\n")
        #expect(lines.count == 3)
        let decoded = try lines.map { try JSONDecoder().decode(StatusFrame.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.seq) == [1, 2, 3])
        #expect(outcome.frames == 3)
        #expect(outcome.exitStatus == 0)
    }

    @Test func textHasAHeaderARowPerGroupAndTheAlerts() async {
        let output = Output()
        let outcome = await BatchRunner(source: FixedSource(items: [.frame(SampleFrames.busy())]), iterations: nil,
                                        format: .text, textFormat: .init(zone: .utc), write: output.append).run()
        let lines = output.value.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("2026-11-18 12:08:43  embedded  seq 42"))
        #expect(lines[0].contains("alerts P0:1 P2:1"))
        #expect(lines[1].hasPrefix("GROUP "))
        #expect(lines.contains { $0.hasPrefix("ticker ") && $0.hasSuffix("60%") && $0.contains("640ms") })
        #expect(lines.contains { $0.hasPrefix("P0 ") && $0.contains("ban_418 default") })
        #expect(outcome.worstAlert == .p0)
        #expect(outcome.exitStatus == 4)
    }

    @Test func exitStatusIsTheWorstActiveAlertOverAllFrames() async {
        var p2 = Self.quiet(seq: 1)
        p2.alerts = [AlertStatus(level: .p2, rule: "queue_depth", group: nil, since: 0, message: "deep")]
        var resolvedP0 = Self.quiet(seq: 2)
        resolvedP0.alerts = [AlertStatus(level: .p0, rule: "ban", group: nil, since: 0, message: "x", state: .resolved)]
        let outcome = await BatchRunner(source: FixedSource(items: [.frame(p2), .frame(resolvedP0)]), iterations: nil,
                                        format: .json, write: { _ in }).run()
        #expect(outcome.worstAlert == .p2)
        #expect(outcome.exitStatus == 2)
    }

    @Test func noFrameAtAllExitsFiveAndSaysWhy() async {
        let output = Output()
        let items: [StatusUpdate] = [.disconnected(since: SampleFrames.t0, reason: "connection refused"),
                                     .ended(reason: "gone")]
        let outcome = await BatchRunner(source: FixedSource(items: items), iterations: 2, format: .text,
                                        textFormat: .init(zone: .utc), write: output.append).run()
        #expect(output.value.contains("# DISCONNECTED since 2026-11-18 11:06:40: connection refused"))
        #expect(output.value.contains("# ENDED: gone"))
        #expect(outcome.updates == 2)
        #expect(outcome.exitStatus == 5)
    }
}

/// A feed that says it is down once and then stays silent, like a sidecar that is gone.
struct SilentAfterDown: StatusSource {
    var label: String { "down" }
    func updates() -> AsyncStream<StatusUpdate> {
        AsyncStream { continuation in continuation.yield(.disconnected(since: SampleFrames.t0, reason: "refused")) }
    }
}

@Suite struct BatchDownTests {
    @Test func aFeedThatStaysDownStillEndsAfterTheIterations() async {
        let output = Output()
        let outcome = await BatchRunner(source: SilentAfterDown(), iterations: 3, format: .json,
                                        refresh: .milliseconds(10), write: output.append).run()
        #expect(outcome.updates == 3 && outcome.frames == 0)
        #expect(output.value.split(separator: "\n").count == 3)
        #expect(outcome.exitStatus == 5)
    }
}
