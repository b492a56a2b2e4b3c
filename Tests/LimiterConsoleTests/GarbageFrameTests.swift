@testable import LimiterConsole
import Testing
import UpbitRateLimit

/// Frames from a recording or a remote sidecar may hold anything: the screen shows `?`, never traps.
@Suite struct GarbageFrameTests {
    static let garbage: [Double] = [.nan, .infinity, -.infinity, 1e300, -1e300, 9.3e18, -9.3e18, 1e12]

    static func frame(_ x: Double) -> StatusFrame {
        var frame = SampleFrames.busy()
        frame.t = x
        for i in frame.groups.indices {
            frame.groups[i].limitPerSecond = x
            frame.groups[i].windowSeconds = i.isMultiple(of: 2) ? x : 1
            frame.groups[i].rateRatio = x
            frame.groups[i].utilization = x
            frame.groups[i].waitMs = Percentiles(p50: x, p95: x, p99: x)
            frame.groups[i].tatDriftMs = Percentiles(p50: x, p95: -x)
            frame.groups[i].tatMs = x
            frame.groups[i].blockedForS = i == 0 ? x : nil
        }
        frame.tasks[0].lastBeat = x
        frame.alerts[0].since = x
        frame.emergency = EmergencyStatus(active: true, until: x)
        frame.process = ProcessStatus(rssMb: x, uptimeS: x)
        frame.events[0].t = x
        return frame
    }

    @Test(arguments: garbage)
    func everyPanelDrawsGarbage(_ x: Double) {
        var state = ConsoleState(sourceLabel: "remote http://127.0.0.1:8089")
        state.receive(.frame(Self.frame(x)))
        state.receive(.disconnected(since: x, reason: "frame undecodable"))
        let overlays: [Overlay?] = [nil, .help, .emergency(choice: 4), .resetRecovery(group: GroupID("ticker"), allGroups: true),
                                    .jump(text: "+5m")]
        for size in [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 250, rows: 70)] {
            for overlay in overlays {
                state.overlay = overlay
                state.replay = overlay == .jump(text: "+5m")
                    ? ReplayStatus(start: x, end: -x, position: x, speed: x, marks: [.init(t: x, label: "x")]) : nil
                let canvas = ScreenRenderer(format: TextFormat(zone: .utc)).render(state, size: size)
                #expect(canvas.width == size.columns)
            }
        }
        let screen = ScreenRenderer(format: TextFormat(zone: .utc)).render(state, size: .init(columns: 200, rows: 60)).text
        #expect(screen.contains("?"), "garbage is shown as garbage")
    }

    @Test func numbersBecomeQuestionMarks() {
        let format = TextFormat(zone: .utc)
        for x in Self.garbage.filter({ !(abs($0) <= TextFormat.maximumTime) }) {
            #expect(format.clock(x) == "??:??:??")
            #expect(format.dateTime(x) == "????-??-?? ??:??:??")
        }
        #expect(format.clock(1e11) != "??:??:??")
        #expect(TextFormat.span(.nan) == "?")
        #expect(TextFormat.span(.infinity) == "?")
        #expect(TextFormat.span(-.infinity) == "0s")
        #expect(TextFormat.span(1e300) == "?")
        #expect(TextFormat.millis(.nan) == "?")
        #expect(TextFormat.millis(1e300) == "?")
        #expect(TextFormat.millis(-1e300) == "0")
        #expect(TextFormat.limit(perSecond: 1e300, window: 1) == "?")
        #expect(TextFormat.limit(perSecond: 10, window: .nan) == "?")
        #expect(TextFormat.percent(.nan) == "?")
        #expect(TextFormat.percent(0.875) == "88%")
        #expect(TextFormat.whole(9.2e18) == nil)
        #expect(TextFormat.whole(-2.5) == -3)
    }
}
