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

    /// A console on `source`; without `control` the control keys explain why they do nothing.
    public init(source: any StatusSource, control: (any LimiterControl)?, replay: (any ReplayControl)? = nil,
                configuration: ConsoleConfiguration = .init()) {
        self.source = source
        self.control = control
        self.replay = replay
        self.configuration = configuration
    }

    /// Runs until the operator quits (`q`, F10, Ctrl-C, SIGTERM or SIGHUP); returns notes (theme
    /// errors…) to print after the screen closes. The terminal is given back in every case.
    public func run() async throws -> [String] {
        let inbox = Inbox()
        let feed = Task { [source] in
            for await update in source.updates() { inbox.post(.update(update)) }
        }
        defer { feed.cancel() }
        let (source, control, replay, configuration) = (source, control, replay, configuration)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let signals = InterruptSignals.install()
                defer { InterruptSignals.restore(signals) }
                do {
                    let terminal = try NcursesTerminal(options: .init(
                        noColor: configuration.noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty,
                        ascii: configuration.ascii, stderrPath: configuration.stderrPath))
                    defer { terminal.close() }
                    let loop = ConsoleLoop(terminal: terminal, label: source.label, control: control, replay: replay,
                                           configuration: configuration, inbox: inbox,
                                           interrupted: { InterruptSignals.pending })
                    continuation.resume(returning: loop.run())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "console-ui"
            thread.start()
        }
    }
}
