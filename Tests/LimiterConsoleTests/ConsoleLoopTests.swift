@testable import LimiterConsole
import Synchronization
import Testing
import UpbitRateLimit

/// A ``LimiterControl`` that writes down what it was asked.
final class RecordingControl: LimiterControl {
    let calls = Mutex<[String]>([])
    func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws {
        calls.withLock { $0.append("emergency \(enabled) \(duration.map { "\($0)" } ?? "-") \(correlationID ?? "")") }
    }
    func resetRecovery(group: GroupID?, correlationID: String?) async throws {
        calls.withLock { $0.append("reset \(group?.rawValue ?? "all")") }
    }
}

/// The UI loop on a ``MemoryTerminal``: frames in through the inbox, keys from a script.
@Suite struct ConsoleLoopTests {
    func loop(_ terminal: MemoryTerminal, control: (any LimiterControl)?, inbox: Inbox,
              readOnly: String? = nil) -> ConsoleLoop {
        ConsoleLoop(terminal: terminal, label: "embedded", control: control, replay: nil,
                    configuration: .init(themes: ThemeLibrary(directories: []), timeZone: .utc,
                                         readOnlyReason: readOnly),
                    inbox: inbox)
    }

    @Test func drawsFramesAndSendsConfirmedControl() async {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        inbox.post(.update(.frame(SampleFrames.busy())))
        terminal.pendingKeys = [.character("e"), .enter, .character("q"), .character("?")]
        let control = RecordingControl()
        _ = loop(terminal, control: control, inbox: inbox).run(pollMilliseconds: 0, maxIterations: 10)
        #expect(terminal.screen.text.contains("ticker"))
        #expect(terminal.pendingKeys == [.character("?")], "q stopped the loop")
        for _ in 0..<10_000 where control.calls.withLock({ $0.isEmpty }) { await Task.yield() }
        #expect(control.calls.withLock { $0 } == ["emergency true 300.0 seconds console"])
    }

    @Test func readOnlyNeverCallsControl() {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        inbox.post(.update(.frame(SampleFrames.busy())))
        terminal.pendingKeys = [.character("E")]
        let control = RecordingControl()
        _ = loop(terminal, control: control, inbox: inbox, readOnly: "read-only (--readonly)")
            .run(pollMilliseconds: 0, maxIterations: 3)
        #expect(terminal.screen.line(23).contains("E: disabled, read-only (--readonly)"))
        #expect(control.calls.withLock { $0.isEmpty })
    }

    @Test func resizeRedrawsAtTheNewSize() {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        inbox.post(.update(.frame(SampleFrames.busy())))
        let console = loop(terminal, control: nil, inbox: inbox)
        _ = console.run(pollMilliseconds: 0, maxIterations: 1)
        terminal.size = TerminalSize(columns: 60, rows: 20)
        terminal.pendingKeys = [.resize]
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        #expect(terminal.screen.text.contains("terminal too small (need 80×24)"))
    }

    @Test func unchangedFramesWriteNoCells() {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        let frame = SampleFrames.busy()
        inbox.post(.update(.frame(frame)))
        let console = loop(terminal, control: nil, inbox: inbox)
        _ = console.run(pollMilliseconds: 0, maxIterations: 1)
        let afterFirst = terminal.cellsWritten
        _ = console.run(pollMilliseconds: 0, maxIterations: 5)
        #expect(terminal.cellsWritten == afterFirst, "nothing changed, nothing redrawn")
    }
}
