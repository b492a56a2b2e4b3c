import Foundation
import UpbitRateLimit

/// The loop's book of a fleet: every host's console state (the one on screen is the loop's
/// own `state`, parked here while another host is shown), controls, and the all-hosts view.
struct FleetBook {
    let names: [String]
    let controls: [(any LimiterControl)?]
    /// States of the hosts not on screen; nil at `current`.
    var parked: [ConsoleState?]
    var current = 0
    var overview = false

    init(hosts: [FleetHost]) {
        names = hosts.map(\.source.label)
        controls = hosts.map(\.control)
        parked = hosts.enumerated().map { index, host in
            index == 0 ? nil : ConsoleState(sourceLabel: host.source.label, readOnlyReason: host.readOnlyReason
                                            ?? (host.control == nil ? "read-only: no control for this host" : nil))
        }
    }

    /// Every host's health, `onScreen` being the current host's state.
    func status(onScreen: ConsoleState) -> FleetStatus {
        let hosts = names.indices.map { index in
            HostHealth(name: names[index], state: index == current ? onScreen : parked[index]!)
        }
        return FleetStatus(hosts: hosts, selected: current, overview: overview, now: Date().timeIntervalSince1970)
    }
}
