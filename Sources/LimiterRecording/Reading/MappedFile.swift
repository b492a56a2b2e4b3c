#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory: opening a 600 MB recording costs no copy,
/// and the pages a seek touches are read on demand.
final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and immutable for the object's life.
    let bytes: UnsafeRawBufferPointer

    /// Maps `path`; throws a ``RecordingError`` naming the file when it is missing, empty or unreadable.
    init(path: String) throws(RecordingError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .notFound(path) }
            throw RecordingError(.unreadable, path: path, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw RecordingError(.unreadable, path: path, detail: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw .empty(path) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw RecordingError(.unreadable, path: path, detail: "cannot map: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
