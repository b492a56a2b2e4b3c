import Foundation
import Synchronization

/// Notices changes to configuration files (their modification time and size, polled by
/// the runtime's `config-watcher` task) and SIGHUPs.
final class ConfigWatcher: Sendable {
    struct Fingerprint: Hashable, Sendable {
        let modified: Double
        let size: Int
    }

    private let paths: Mutex<[String]>
    private let seen = Mutex<[String: Fingerprint?]>([:])
    private let hangups = Mutex(HangupSignal.received)

    /// Why the configuration should be reloaded now, if it should: a SIGHUP came, or a file
    /// changed since the last look.
    func poll(watchHangup: Bool) -> String? {
        let signals = HangupSignal.received
        let hangup = hangups.withLock { seen in defer { seen = signals }; return seen != signals }
        if changed() { return "file changed" }
        return watchHangup && hangup ? "SIGHUP" : nil
    }

    /// Watches `paths`; their current state counts as seen.
    init(paths: [String]) {
        self.paths = Mutex(paths)
        rebase(paths: paths)
    }

    /// Whether any file changed since the last call (or ``rebase(paths:)``); records what it saw.
    func changed() -> Bool {
        let current = paths.withLock { $0 }.map { ($0, Self.fingerprint($0)) }
        return seen.withLock { s in
            var changed = false
            for (path, print) in current where s[path] != .some(print) {
                changed = true
                s[path] = print
            }
            return changed
        }
    }

    /// Watches `paths` from now on, their current state counting as seen.
    func rebase(paths newPaths: [String]) {
        paths.withLock { $0 = newPaths }
        let current = Dictionary(newPaths.map { ($0, Self.fingerprint($0)) }, uniquingKeysWith: { a, _ in a })
        seen.withLock { $0 = current }
    }

    static func fingerprint(_ path: String) -> Fingerprint? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        return Fingerprint(modified: modified, size: size)
    }
}

/// Counts the SIGHUPs the process received since ``install()``.
///
/// The handler only increments an atomic counter (async-signal-safe); the runtime's
/// `config-watcher` task notices the change at its next poll and reloads. (A Dispatch
/// signal source is not used: on Linux it needs the signal unignored and registers
/// asynchronously, so an early SIGHUP would end the process.)
enum HangupSignal {
    static let count = Atomic<Int>(0)

    /// Replaces SIGHUP's default action (ending the process) with the counter.
    static func install() {
        signal(SIGHUP) { _ in HangupSignal.count.add(1, ordering: .relaxed) }
    }

    /// SIGHUPs received so far.
    static var received: Int { count.load(ordering: .relaxed) }
}
