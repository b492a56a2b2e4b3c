import Dispatch
import Foundation
import Synchronization

/// Notices changes to configuration files: their modification time and size, polled by
/// the runtime's `config-watcher` task, and SIGHUP.
final class ConfigWatcher: Sendable {
    struct Fingerprint: Hashable, Sendable {
        let modified: Double
        let size: Int
    }

    private let paths: Mutex<[String]>
    private let seen = Mutex<[String: Fingerprint?]>([:])

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

/// Calls a handler on SIGHUP until cancelled (the signal's default action, ending the
/// process, is switched off while installed).
final class HangupSignal: @unchecked Sendable {
    // DispatchSource is thread-safe; it is only created, resumed and cancelled here.
    private let source: any DispatchSourceSignal

    init(handler: @escaping @Sendable () -> Void) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() { source.cancel() }
}
