import LimiterConsole
import Testing
import UpbitRateLimit

@Suite struct ConsoleStateTests {
    func live(readOnly: String? = nil) -> ConsoleState {
        var state = ConsoleState(sourceLabel: "embedded", readOnlyReason: readOnly)
        state.receive(.frame(SampleFrames.busy()))
        return state
    }

    @Test func emergencyNeedsConfirmationWithDuration() {
        var state = live()
        #expect(state.press(.character("e"), now: 0).isEmpty)
        #expect(state.overlay == .emergency(choice: 1))
        _ = state.press(.right, now: 0)
        #expect(state.press(.enter, now: 0) == [.setEmergency(enabled: true, duration: .seconds(900))])
        #expect(state.overlay == nil)
        _ = state.press(.character("e"), now: 0)
        #expect(state.press(.escape, now: 0).isEmpty && state.overlay == nil, "Esc cancels")
        #expect(state.press(.character("E"), now: 0) == [.setEmergency(enabled: false, duration: nil)])
    }

    @Test func resetTargetsSelectedGroupOrAll() {
        var state = live()
        _ = state.press(.character("j"), now: 0)
        _ = state.press(.character("r"), now: 0)
        #expect(state.press(.character("y"), now: 0) == [.resetRecovery("candle")])
        _ = state.press(.character("r"), now: 0)
        _ = state.press(.tab, now: 0)
        #expect(state.press(.enter, now: 0) == [.resetRecovery(nil)])
    }

    @Test func readOnlySaysWhy() {
        var state = live(readOnly: "read-only (--readonly)")
        for key in [Key.character("e"), .character("E"), .character("r")] {
            #expect(state.press(key, now: 10).isEmpty)
            #expect(state.overlay == nil)
            #expect(state.message?.text == "\(key): disabled, read-only (--readonly)")
        }
        #expect(state.expireMessage(now: 13) == false)
        #expect(state.expireMessage(now: 14) == true && state.message == nil)
    }

    @Test func freezeKeepsTheFrameUntilResumed() {
        var state = live()
        _ = state.press(.character("p"), now: 0)
        state.receive(.frame(SampleFrames.busy(seq: 43, emergency: true)))
        #expect(state.frame?.seq == 42 && state.frozen)
        _ = state.press(.character(" "), now: 0)
        #expect(state.frame?.seq == 43 && !state.frozen)
    }

    @Test func eventsAreLoggedOnceAndRestartOnRewind() {
        var log = EventLog()
        let events = SampleFrames.busy().events
        log.ingest(events)
        log.ingest(events)
        #expect(log.events.map(\.id) == [7, 8, 9])
        log.ingest([events[0]])
        #expect(log.events.map(\.id) == [7], "an older id means the feed started over")
    }

    @Test func selectionAndQuit() {
        var state = live()
        _ = state.press(.end, now: 0)
        #expect(state.selection == 7)
        _ = state.press(.down, now: 0)
        #expect(state.selection == 7)
        _ = state.press(.character("?"), now: 0)
        #expect(state.overlay == .help)
        #expect(state.press(.character("x"), now: 0).isEmpty && state.overlay == nil)
        #expect(state.press(.function(10), now: 0) == [.quit])
        #expect(state.press(.character("t"), now: 0) == [.nextTheme])
    }

    @Test func replayKeys() {
        var state = ConsoleState(sourceLabel: "replay f", readOnlyReason: "replay: read-only",
                                 replay: ReplayStatus(start: 0, end: 10, position: 0))
        #expect(state.press(.character(" "), now: 0) == [.replay(.togglePause)])
        #expect(state.press(.character("T"), now: 0) == [.replay(.step(-1))])
        #expect(state.press(.left, now: 0) == [.replay(.seek(seconds: -10))])
        #expect(state.press(.character("r"), now: 0) == [.replay(.rewind)])
        #expect(state.press(.character("b"), now: 0).isEmpty)
        for c in "+5m" { _ = state.press(.character(c), now: 0) }
        #expect(state.press(.enter, now: 0) == [.replay(.jump("+5m"))])
        _ = state.press(.character("e"), now: 0)
        #expect(state.message?.text == "e: disabled, replay: read-only")
    }
}

@Suite struct HeaderStateTests {
    @Test func disconnectedEndedAndFrozenShowInTheHeader() {
        let renderer = ScreenRenderer(format: .init(zone: .utc))
        let size = TerminalSize(columns: 120, rows: 30)
        var state = ConsoleState(sourceLabel: "remote http://127.0.0.1:8089")
        state.receive(.frame(SampleFrames.busy()))
        #expect(renderer.render(state, size: size).line(0).contains("remote http://127.0.0.1:8089"))
        state.receive(.disconnected(since: SampleFrames.t0 + 3725, reason: "connection refused"))
        let header = renderer.render(state, size: size).line(0)
        #expect(header.contains("│ remote http://127.0.0.") && header.contains("DISCONNECTED since 12:08:45"))
        #expect(header.contains("emergency off"), "the state that matters is never clipped away")
        state.receive(.ended(reason: "end of recording"))
        #expect(renderer.render(state, size: size).line(0).contains("ENDED: end of recording"))
        _ = state.press(.character("p"), now: 0)
        #expect(renderer.render(state, size: size).line(0).contains("FROZEN"))
    }
}
