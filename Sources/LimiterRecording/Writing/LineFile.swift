#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only file that takes whole lines, each with one `write(2)`.
///
/// A line reaches the kernel in a single system call, so a process killed with SIGKILL
/// leaves every line it wrote whole (the page cache survives the process); only a crash
/// of the machine can lose the tail, unless `syncToDisk` also calls `fsync(2)`.
final class LineFile {
    let path: String
    private let fd: Int32
    private let syncToDisk: Bool
    /// Bytes written so far.
    private(set) var size: Int = 0

    /// Creates (or truncates) `path` for writing.
    init(path: String, syncToDisk: Bool) throws(RecordingError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RecordingError(.writeFailed, path: path, detail: "cannot create: \(Self.lastErrno())")
        }
        self.path = path
        self.fd = fd
        self.syncToDisk = syncToDisk
    }

    deinit { close(fd) }

    /// Writes `line` (which must end with a newline) with one `write(2)`, retrying only
    /// the rest of a short write or an interrupted call.
    func write(_ line: [UInt8]) throws(RecordingError) {
        var failure: Int32 = 0
        let written = line.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                offset += n
            }
            return offset
        }
        size += written
        if failure != 0 {
            throw RecordingError(.writeFailed, path: path, detail: "write failed: \(String(cString: strerror(failure)))")
        }
        if syncToDisk { _ = fsync(fd) }
    }

    private static func lastErrno() -> String { String(cString: strerror(errno)) }
}

/// `write(2)` under a name that does not clash with ``LineFile/write(_:)``.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
