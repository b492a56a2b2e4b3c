#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP while the console's screen is up.
///
/// Left to their default action they would kill the process with the terminal still in curses
/// mode (no echo, alternate screen). Caught, they only set a flag; the UI loop sees it within
/// one poll, quits as `q` does, gives the terminal back, and the process exits 0.
enum InterruptSignals {
    /// The signals caught.
    static let caught: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// The last signal caught since ``install()``, 0 when none.
    private static let received = Atomic<Int32>(0)

    /// Whether a caught signal asks the console to quit.
    static var pending: Bool { received.load(ordering: .relaxed) != 0 }

    /// Catches the signals; returns the previous actions for ``restore(_:)``.
    static func install() -> [(Int32, sigaction)] {
        received.store(0, ordering: .relaxed)
        return caught.map { signal in
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { InterruptSignals.received.store($0, ordering: .relaxed) }
            #else
            action.__sigaction_u.__sa_handler = { InterruptSignals.received.store($0, ordering: .relaxed) }
            #endif
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            return (signal, previous)
        }
    }

    /// Puts back the actions ``install()`` replaced.
    static func restore(_ previous: [(Int32, sigaction)]) {
        for (signal, action) in previous {
            var action = action
            sigaction(signal, &action, nil)
        }
    }
}
