import Foundation
import NIOCore

/// A listener that could not be opened, told in one line instead of NIO's `bind(...) errno: 98`.
public enum SidecarBindFailure {
    /// One line for `error` when it is a failure to bind `address`, else nil.
    public static func describe(_ error: any Error, address: String) -> String? {
        guard let error = error as? IOError else { return nil }
        switch error.errnoCode {
        case EADDRINUSE: return "\(address) is already in use (another sidecar? pick another --port, or --port 0 for any free one)"
        case EACCES: return "\(address): permission denied (ports below 1024 need privileges)"
        case EADDRNOTAVAIL: return "\(address): no such local address (check --host)"
        default: return nil
        }
    }
}
