import UpbitRateLimit

/// The UI thread's loop: drains the inbox, reads keys, carries out effects, redraws when
/// something changed. Works with any ``TerminalDriver``, so tests run it on a ``MemoryTerminal``.
final class ConsoleLoop {
    let terminal: any TerminalDriver
    let control: (any LimiterControl)?
    let replay: (any ReplayControl)?
    let configuration: ConsoleConfiguration
    let inbox: Inbox
    let renderer: ScreenRenderer
    let clock = ContinuousClock()
    let origin: ContinuousClock.Instant
    var state: ConsoleState
    var notes: [String] = []
    var themeNames: [String]
    /// The other hosts, when watching a fleet.
    var fleet: FleetBook?

    init(terminal: any TerminalDriver, label: String, control: (any LimiterControl)?, replay: (any ReplayControl)?,
         configuration: ConsoleConfiguration, inbox: Inbox) {
        self.terminal = terminal
        self.control = control
        self.replay = replay
        self.configuration = configuration
        self.inbox = inbox
        origin = clock.now
        renderer = ScreenRenderer(glyphs: terminal.supportsUnicode ? .unicode : .ascii,
                                  format: TextFormat(zone: configuration.timeZone))
        let readOnly = replay != nil ? "replay: read-only" : configuration.readOnlyReason
            ?? (control == nil ? "read-only: no control for this source" : nil)
        state = ConsoleState(sourceLabel: label, readOnlyReason: readOnly, replay: replay?.status)
        themeNames = configuration.themes.available()
        useTheme(configuration.theme, startup: true)
    }

    var now: Double {
        let elapsed = clock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Runs until quit; returns the notes for stderr.
    func run(pollMilliseconds: Int = 100, maxIterations: Int = .max) -> [String] {
        let refresh = configuration.refresh.components
        let minimumGap = (Double(refresh.seconds) + Double(refresh.attoseconds) / 1e18) * 0.8
        var dirty = true
        var lastDraw = -Double.infinity
        var urgent = true
        for _ in 0..<maxIterations {
            dirty = absorbInbox() || dirty
            dirty = state.expireMessage(now: now) || dirty
            if let status = replay?.status, status != state.replay {
                state.replay = status
                dirty = true
            }
            if dirty, urgent || now - lastDraw >= minimumGap {
                updateFleetStatus()
                terminal.present(renderer.render(state, size: terminal.size))
                lastDraw = now
                dirty = false
                urgent = false
            }
            guard let key = terminal.readKey(timeoutMilliseconds: pollMilliseconds) else { continue }
            if pressFleetKey(key) || pressMouse(key) {
                (dirty, urgent) = (true, true)
                continue
            }
            for effect in state.press(key, now: now) where carryOut(effect) == false { return notes }
            dirty = true
            urgent = true
        }
        return notes
    }

    private func absorbInbox() -> Bool {
        let items = inbox.drain()
        for item in items {
            switch item {
            case .update(let update, let host): receive(update, host: host)
            case .message(let text, let role): state.say(text, role: role, now: now)
            }
        }
        return !items.isEmpty
    }

    /// Does what a key asked; false means quit.
    private func carryOut(_ effect: ConsoleEffect) -> Bool {
        switch effect {
        case .quit: return false
        case .nextTheme:
            let index = themeNames.firstIndex(of: state.themeName).map { ($0 + 1) % themeNames.count } ?? 0
            useTheme(themeNames[index], startup: false)
        case .replay(let command):
            do { try replay?.perform(command) } catch { state.say("\(error)", role: .warn, now: now) }
        case .setEmergency(let enabled, let duration):
            send(enabled ? "emergency mode on for \(TextFormat.span(Double(duration?.components.seconds ?? 0)))"
                 : "emergency mode off") { try await $0.setEmergency(enabled: enabled, duration: duration,
                                                                    correlationID: "console") }
        case .resetRecovery(let group):
            send("recovery reset: \(group?.rawValue ?? "all groups")") {
                try await $0.resetRecovery(group: group, correlationID: "console")
            }
        }
        return true
    }

    private func send(_ done: String, _ call: @escaping @Sendable (any LimiterControl) async throws -> Void) {
        guard let control = currentControl else { return }
        state.say("\(done)…", role: .dim, now: now)
        Task { [inbox] in
            do {
                try await call(control)
                inbox.post(.message(done, .ok))
            } catch {
                inbox.post(.message("failed: \(done): \(error)", .critical))
            }
        }
    }

    private func useTheme(_ name: String, startup: Bool) {
        var theme = ThemeLibrary.builtInDefault
        do {
            theme = try configuration.themes.load(name)
        } catch {
            notes.append("\(error) — using the default theme")
            state.say("theme: \(error) — using default", role: .critical, now: now)
            if startup { state.message?.expires += 6 }
        }
        if terminal.colorDepth == .none, !startup {
            state.say("no colour on this terminal (or NO_COLOR / --no-color): attributes only", role: .warn, now: now)
        } else if !startup {
            state.say("theme \(theme.name)", role: .ok, now: now)
        }
        state.themeName = theme.name
        terminal.apply(ResolvedTheme(theme, depth: terminal.colorDepth))
    }
}
