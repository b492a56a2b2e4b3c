import Foundation
import UpbitRateLimit

/// The console: a feed of frames in, a terminal screen out, operator keys to a limiter.
///
/// ```swift
/// let app = ConsoleApp(source: LimiterStatusFeed(limiter: limiter), control: limiter)
/// let notes = try await app.run()   // until q; notes are for stderr once the screen is gone
/// ```
/// The feed is read by a task; ncurses lives on one dedicated thread (it is not thread
/// safe, and blocking in `getch` must not hold a cooperative thread).
public final class ConsoleApp: Sendable {
    /// The feed shown.
    public let source: any StatusSource
    /// Where control keys go; nil makes the console read-only.
    public let control: (any LimiterControl)?
    /// The replay driven by the replay keys, if the source is a replay.
    public let replay: (any ReplayControl)?
    /// Display options.
    public let configuration: ConsoleConfiguration
    /// Every host of a fleet (the first is `source`); one host without a fleet.
    public let hosts: [FleetHost]

    /// A console on `source`; without `control` the control keys explain why they do nothing.
    public init(source: any StatusSource, control: (any LimiterControl)?, replay: (any ReplayControl)? = nil,
                configuration: ConsoleConfiguration = .init()) {
        self.source = source
        self.control = control
        self.replay = replay
        self.configuration = configuration
        hosts = [FleetHost(source: source, control: control)]
    }

    /// A console over several sidecars: a host bar, Tab or `1`–`9` to switch, `a` for all hosts.
    /// Each host has its own feed (reconnecting on its own) and control.
    public init(fleet: [FleetHost], configuration: ConsoleConfiguration = .init()) {
        precondition(!fleet.isEmpty, "a fleet needs a host")
        source = fleet[0].source
        control = fleet[0].control
        replay = nil
        var configuration = configuration
        configuration.readOnlyReason = fleet[0].readOnlyReason ?? configuration.readOnlyReason
        self.configuration = configuration
        hosts = fleet
    }

    /// Runs until the operator quits (`q`, F10, Ctrl-C, SIGTERM or SIGHUP); returns notes (theme
    /// errors…) to print after the screen closes. The terminal is given back in every case.
    public func run() async throws -> [String] {
        let inbox = Inbox()
        let feeds = hosts.enumerated().map { index, host in
            Task { for await update in host.source.updates() { inbox.post(.update(update, host: index)) } }
        }
        defer { feeds.forEach { $0.cancel() } }
        let (source, control, replay, configuration, hosts) = (source, control, replay, configuration, hosts)
        return try await withCheckedThrowingContinuation { continuation in
            // The terminal is given back (endwin) and the signal handlers restored before the caller
            // resumes: a caller that exits at once must never leave the tty without echo.
            let thread = Thread {
                let result = Result { () throws -> [String] in
                    let signals = InterruptSignals.install()
                    defer { InterruptSignals.restore(signals) }
                    let terminal = try NcursesTerminal(options: .init(
                        noColor: configuration.noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty,
                        ascii: configuration.ascii, stderrPath: configuration.stderrPath))
                    defer { terminal.close() }
                    let loop = ConsoleLoop(terminal: terminal, label: source.label, control: control, replay: replay,
                                           configuration: configuration, inbox: inbox,
                                           interrupted: { InterruptSignals.pending })
                    if hosts.count > 1 { loop.fleet = FleetBook(hosts: hosts) }
                    return loop.run()
                }
                continuation.resume(with: result)
            }
            thread.name = "console-ui"
            thread.start()
        }
    }
}
