@testable import LimiterConsole
import Synchronization
import Testing
import UpbitRateLimit

/// A replay that writes down the commands it was given and refuses bad jumps, as the player does.
final class ScriptedReplay: ReplayControl {
    let commands = Mutex<[ReplayCommand]>([])
    let status = ReplayStatus(start: SampleFrames.t0, end: SampleFrames.t0 + 3600, position: SampleFrames.t0 + 60,
                              marks: [.init(t: SampleFrames.t0 + 30, label: "P1 alert")])
    struct Refusal: Error, CustomStringConvertible { var description: String }

    func perform(_ command: ReplayCommand) throws {
        commands.withLock { $0.append(command) }
        if case .jump(let text) = command, Double(text) == nil { throw Refusal(description: "cannot jump to \(text)") }
    }
}

/// Every key ncurses can deliver, pressed in every state of the console on the in-memory terminal.
@Suite struct EveryKeyTests {
    /// Every key `wgetch` can return that the console decodes: printable ASCII, Enter, Tab,
    /// Backspace, arrows, Home/End, PgUp/PgDn, Insert, Delete, F1–F12, control characters, resize.
    static let everyKey: [Key] = {
        var keys: [Key] = []
        for code in Int32(0)...Key.CursesCode.max {
            if let key = Key(cursesCode: code), !keys.contains(key) { keys.append(key) }
        }
        return keys
    }()

    /// The states the console can be in, each with what makes it.
    enum Start: CaseIterable {
        case waiting, main, help, emergencyDialog, resetDialog, frozen, readOnly, disconnected, ended
        case replay, replayJump, replayHelp
    }

    func loop(_ start: Start, terminal: MemoryTerminal, control: RecordingControl) -> ConsoleLoop {
        let replays: Set<Start> = [.replay, .replayJump, .replayHelp]
        let inbox = Inbox()
        if start != .waiting { inbox.post(.update(.frame(SampleFrames.busy()))) }
        switch start {
        case .disconnected: inbox.post(.update(.disconnected(since: SampleFrames.t0, reason: "connection refused")))
        case .ended: inbox.post(.update(.ended(reason: "end of recording")))
        default: break
        }
        let loop = ConsoleLoop(
            terminal: terminal, label: "embedded", control: start == .readOnly ? nil : control,
            replay: replays.contains(start) ? ScriptedReplay() : nil,
            configuration: .init(themes: ThemeLibrary(directories: []), timeZone: .utc,
                                 readOnlyReason: start == .readOnly ? "read-only (--readonly)" : nil),
            inbox: inbox)
        _ = loop.run(pollMilliseconds: 0, maxIterations: 1)
        switch start {
        case .help, .replayHelp: loop.state.overlay = .help
        case .emergencyDialog: loop.state.overlay = .emergency(choice: Overlay.defaultEmergencyChoice)
        case .resetDialog: loop.state.overlay = .resetRecovery(group: GroupID("ticker"), allGroups: false)
        case .frozen: _ = loop.state.press(.character("p"), now: 0)
        case .replayJump: loop.state.overlay = .jump(text: "+5")
        default: break
        }
        return loop
    }

    @Test func everyKeyHasAName() {
        #expect(Self.everyKey.count >= 95 + 24)
        for key in Self.everyKey { #expect(!key.description.isEmpty) }
        #expect(Key.enter.description == "Enter")
        #expect(Key.left.description == "left")
        #expect(Key(cursesCode: Key.CursesCode.f0 + 12) == .function(12))
        #expect(Key(cursesCode: Key.CursesCode.f0 + 13) == nil)
        #expect(Key(cursesCode: -1) == nil)
    }

    @Test func decodingMatchesThisNcurses() {
        #expect(NcursesTerminal.keyCodesMatchCurses)
    }

    /// Each key from a fresh copy of the state at `size`; then all of them in a row at 200×60.
    @Test(arguments: Start.allCases, [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 40, rows: 10)])
    func everyKeyInEveryState(start: Start, size: TerminalSize) {
        let terminal = MemoryTerminal(size: size)
        let console = loop(start, terminal: terminal, control: RecordingControl())
        let prepared = console.state
        let sentinel = Key.character("?")
        for key in Self.everyKey {
            console.state = prepared
            terminal.pendingKeys = [key, sentinel]
            _ = console.run(pollMilliseconds: 0, maxIterations: 2)
            #expect(terminal.screen.width == size.columns && terminal.screen.height == size.rows)
            let quits = prepared.overlay.map { $0 == .help } ?? true
            if quits, key == .character("q") || key == .function(10) {
                #expect(terminal.pendingKeys == [sentinel], "\(key) quits from \(start)")
            } else {
                #expect(terminal.pendingKeys.isEmpty, "\(key) in \(start) kept the console running")
            }
            #expect(console.state.selection >= 0 && console.state.selection < max(1, console.state.frame?.groups.count ?? 0))
        }
        // And all of them in a row, without starting over: every state the keys lead to.
        console.state = prepared
        terminal.size = TerminalSize(columns: 200, rows: 60)
        terminal.pendingKeys = [.resize] + Self.everyKey.filter { $0 != .character("q") && $0 != .function(10) }
        _ = console.run(pollMilliseconds: 0, maxIterations: 3 * Self.everyKey.count)
        #expect(terminal.pendingKeys.isEmpty)
        #expect(terminal.screen.width == 200)
        if start == .replay, let replay = console.replay as? ScriptedReplay {
            #expect(replay.commands.withLock { $0.contains(.rewind) && $0.contains(.seek(seconds: 10)) })
        }
    }

    @Test func unknownKeysAreNamedInTheFooter() {
        let terminal = MemoryTerminal()
        let console = loop(.main, terminal: terminal, control: RecordingControl())
        let prepared = console.state
        for (key, name) in [(Key.tab, "Tab"), (.insert, "Insert"), (.delete, "Delete"), (.function(2), "F2"),
                            (.function(12), "F12")] {
            console.state = prepared
            terminal.pendingKeys = [key]
            _ = console.run(pollMilliseconds: 0, maxIterations: 2)
            #expect(terminal.screen.line(23).contains("unknown key \(name): press ? for help"))
        }
    }

    @Test func quitsFromTheTooSmallScreen() {
        for quit in [Key.character("q"), .function(10), Key(cursesCode: 3)!] {
            let terminal = MemoryTerminal(size: .init(columns: 60, rows: 20))
            let console = loop(.main, terminal: terminal, control: RecordingControl())
            terminal.pendingKeys = [quit, .character("?")]
            _ = console.run(pollMilliseconds: 0, maxIterations: 5)
            #expect(terminal.screen.text.contains("terminal too small"))
            #expect(terminal.pendingKeys == [.character("?")])
        }
    }

    @Test func aCaughtSignalEndsTheLoop() {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        final class Flag { var raised = false }
        let signal = Flag()
        let console = ConsoleLoop(terminal: terminal, label: "embedded", control: nil, replay: nil,
                                  configuration: .init(themes: ThemeLibrary(directories: []), timeZone: .utc),
                                  inbox: inbox, interrupted: { signal.raised })
        terminal.pendingKeys = [.down, .down, .down]
        _ = console.run(pollMilliseconds: 0, maxIterations: 1)
        signal.raised = true
        _ = console.run(pollMilliseconds: 0, maxIterations: .max)
        #expect(terminal.pendingKeys == [.down, .down], "the loop ended at once, not after Int.max polls")
    }
}
