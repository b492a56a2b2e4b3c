import UpbitRateLimit

extension ConsoleLoop {
    /// Hands `update` of host `host` to its state (on screen or parked).
    func receive(_ update: StatusUpdate, host: Int) {
        guard var fleet, host != fleet.current, fleet.parked.indices.contains(host) else {
            state.receive(update)
            return
        }
        fleet.parked[host]?.receive(update)
        self.fleet = fleet
    }

    /// The control of the host on screen.
    var currentControl: (any LimiterControl)? { fleet.map { $0.controls[$0.current] } ?? control }

    /// Tab (next host), `1`–`9` (that host), `a` (all-hosts view) while no overlay is open;
    /// returns whether the key was one of them.
    func pressFleetKey(_ key: Key) -> Bool {
        guard var fleet, state.overlay == nil else { return false }
        var target = fleet.current
        switch key {
        case .tab: target = (fleet.current + 1) % fleet.names.count
        case .character(let c) where c.isASCII && c.isNumber && c != "0":
            guard let n = c.wholeNumberValue, n <= fleet.names.count else { return false }
            target = n - 1
        case .character("a"):
            fleet.overview.toggle()
            self.fleet = fleet
            return true
        default: return false
        }
        if target != fleet.current {
            var shown = state
            shown.fleet = nil
            fleet.parked[fleet.current] = shown
            state = fleet.parked[target]!
            fleet.parked[target] = nil
            fleet.current = target
        }
        fleet.overview = false
        self.fleet = fleet
        state.fleet = fleet.status(onScreen: state)
        return true
    }

    /// Refreshes the host bar's view of the fleet before a draw.
    func updateFleetStatus() {
        guard let fleet else { return }
        state.fleet = fleet.status(onScreen: state)
    }
}
