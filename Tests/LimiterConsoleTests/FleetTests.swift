import Foundation
@testable import LimiterConsole
import Synchronization
import Testing
import UpbitRateLimit

/// A fleet of hosts in one console: host bar, switching, per-host control, a dead host,
/// the all-hosts view, and the hosts file.
@Suite struct FleetTests {
    struct Named: StatusSource {
        let label: String
        func updates() -> AsyncStream<StatusUpdate> { AsyncStream { $0.finish() } }
    }

    static func loop(_ terminal: MemoryTerminal, inbox: Inbox, controls: [RecordingControl]) -> ConsoleLoop {
        let hosts = controls.enumerated().map { index, control in
            FleetHost(source: Named(label: "remote http://127.0.0.\(index + 1):8089"), control: control)
        }
        let loop = ConsoleLoop(terminal: terminal, label: hosts[0].source.label, control: hosts[0].control,
                               replay: nil, configuration: .init(themes: ThemeLibrary(directories: []), timeZone: .utc),
                               inbox: inbox)
        loop.fleet = FleetBook(hosts: hosts)
        return loop
    }

    @Test func hostBarSwitchingAndControlOfTheSelectedHostOnly() async {
        let terminal = MemoryTerminal(size: .init(columns: 120, rows: 30))
        let inbox = Inbox()
        let controls = [RecordingControl(), RecordingControl()]
        var quiet = SampleFrames.busy()
        quiet.alerts = []
        inbox.post(.update(.frame(SampleFrames.busy()), host: 0))
        inbox.post(.update(.frame(quiet), host: 1))
        let console = Self.loop(terminal, inbox: inbox, controls: controls)
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        let bar = terminal.screen.line(1)
        #expect(bar.contains("127.0.0.1:8089") && bar.contains("127.0.0.2:8089"))
        #expect(bar.contains("P0:1 P2:1"))
        terminal.pendingKeys = [.tab, .character("e"), .enter]
        _ = console.run(pollMilliseconds: 0, maxIterations: 4)
        #expect(terminal.screen.line(0).contains("127.0.0.2"))
        for _ in 0..<10_000 where controls[1].calls.withLock({ $0.isEmpty }) { await Task.yield() }
        #expect(controls[1].calls.withLock { $0 } == ["emergency true 300.0 seconds console"])
        #expect(controls[0].calls.withLock { $0.isEmpty })
    }

    @Test func aDeadHostShowsDownAndTheOthersKeepUpdating() {
        let terminal = MemoryTerminal(size: .init(columns: 120, rows: 30))
        let inbox = Inbox()
        inbox.post(.update(.frame(SampleFrames.busy(seq: 1)), host: 0))
        inbox.post(.update(.frame(SampleFrames.busy(seq: 1)), host: 1))
        inbox.post(.update(.disconnected(since: Date().timeIntervalSince1970 - 5, reason: "connection refused"),
                           host: 1))
        let console = Self.loop(terminal, inbox: inbox, controls: [RecordingControl(), RecordingControl()])
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        #expect(terminal.screen.line(1).contains("DOWN 5s") || terminal.screen.line(1).contains("DOWN 4s"))
        inbox.post(.update(.frame(SampleFrames.busy(seq: 2, queue: 77)), host: 0))
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        #expect(terminal.screen.text.contains("77"), "host 0 still updates")
        terminal.pendingKeys = [.character("a")]
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        let text = terminal.screen.text
        #expect(text.contains("All hosts") && text.contains("Worst groups of all hosts"))
        #expect(text.contains("connection refused"))
        inbox.post(.update(.frame(SampleFrames.busy(seq: 3)), host: 1))
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        #expect(!terminal.screen.line(1).contains("DOWN"), "the restarted host is back")
    }

    @Test func everyKeyInEveryFleetViewKeepsTheConsoleUp() {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        inbox.post(.update(.frame(DetailFrames.series(count: 5).last!), host: 0))
        let console = Self.loop(terminal, inbox: inbox, controls: [RecordingControl(), RecordingControl()])
        // Not .left/.right/.backspace or unmapped F-keys: "unknown key" + Key.description recurses on main (helper A fixes it).
        var keys: [Key] = [.up, .down, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab,
                           .resize] + [1, 5, 6, 7, 8, 9].map(Key.function)
        keys += (32...126).map { Key.character(Character(UnicodeScalar(UInt8($0)))) }.filter { $0 != .character("q") }
        for first in [Key.character("a"), .enter, .character("/"), .tab, .character("2")] {
            terminal.pendingKeys = [first] + keys + [.escape, .escape]
            _ = console.run(pollMilliseconds: 0, maxIterations: terminal.pendingKeys.count + 1)
            #expect(terminal.pendingKeys.isEmpty)
        }
    }

    @Test func hostsFileAndURLsAreChecked() throws {
        let hosts = try HostList.parse("# fleet\nhttp://127.0.0.1:8089 /etc/a.token\n\n  https://b:9000  # b\n",
                                       file: "hosts")
        #expect(hosts == [HostEntry(url: "http://127.0.0.1:8089", tokenFile: "/etc/a.token"),
                          HostEntry(url: "https://b:9000")])
        #expect(throws: HostListError.self) { try HostList.parse("", file: "f") }
        do {
            _ = try HostList.parse("http://a:1\nftp://b:2\n", file: "f")
            Issue.record("ftp accepted")
        } catch {
            #expect(error.message == "f:2: 'ftp://b:2': the scheme must be http or https")
        }
        #expect(throws: HostListError.self) { try HostList.parse("http://a:1 t extra", file: "f") }
        #expect(throws: HostListError.self) { try HostList.parse("http://a:1\nhttp://a:1", file: "f") }
        let many = (1...17).map { "http://h\($0):1" }.joined(separator: "\n")
        #expect(throws: HostListError.self) { try HostList.parse(many, file: "f") }
        #expect(HostList.check(url: "http://h:0") != nil)
        #expect(HostList.check(url: "http://h:8089/v1/status") != nil)
        #expect(HostList.check(url: "h:8089") != nil)
        #expect(HostList.check(url: "http://[::1]:8089") == nil)
    }
}

/// Mouse: a click selects the group under it, a second click opens it, the wheel scrolls.
@Suite struct MouseTests {
    @Test func clickSelectsThenOpensAndTheWheelMovesTheSelection() {
        let terminal = MemoryTerminal()
        let inbox = Inbox()
        inbox.post(.update(.frame(SampleFrames.busy())))
        let console = ConsoleLoop(terminal: terminal, label: "embedded", control: nil, replay: nil,
                                  configuration: .init(themes: ThemeLibrary(directories: []), timeZone: .utc),
                                  inbox: inbox)
        _ = console.run(pollMilliseconds: 0, maxIterations: 1)
        let row = (0..<24).first { terminal.screen.line($0).hasPrefix(" order ") }!
        terminal.pendingKeys = [.mouse(MouseEvent(.click, x: 5, y: row))]
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        #expect(console.state.selectedGroup == "order")
        #expect(!console.state.view.detail)
        terminal.pendingKeys = [.mouse(MouseEvent(.click, x: 5, y: row))]
        _ = console.run(pollMilliseconds: 0, maxIterations: 2)
        #expect(console.state.view.detail)
        #expect(terminal.screen.text.contains("Group order"))
        terminal.pendingKeys = [.mouse(MouseEvent(.wheelDown, x: 5, y: 10)), .escape,
                                .mouse(MouseEvent(.wheelUp, x: 5, y: 10)), .mouse(MouseEvent(.click, x: 0, y: 0))]
        _ = console.run(pollMilliseconds: 0, maxIterations: 5)
        #expect(console.state.selectedGroup == "ticker", "down one group in the detail, then up three in the table")
        #expect(terminal.pendingKeys.isEmpty)
        #expect(Key.mouse(MouseEvent(.wheelUp, x: 1, y: 2)).description == "mouse wheel up at 1,2")
    }
}
