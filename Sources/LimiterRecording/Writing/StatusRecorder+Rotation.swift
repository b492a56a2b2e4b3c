import Foundation

extension StatusRecorder {
    /// Shifts `FILE.k` to `FILE.k+1` (dropping the oldest beyond `keepRotated`), renames `FILE`
    /// to `FILE.1` and starts a fresh `FILE` with a header marked as the next part.
    ///
    /// Returns false (and records the error) when the new file cannot be created.
    func rotate(_ s: inout State) -> Bool {
        s.file = nil
        let manager = FileManager.default
        let keep = configuration.keepRotated
        try? manager.removeItem(atPath: "\(path).\(keep)")
        for k in stride(from: keep - 1, through: 1, by: -1) {
            try? manager.moveItem(atPath: "\(path).\(k)", toPath: "\(path).\(k + 1)")
        }
        try? manager.moveItem(atPath: path, toPath: "\(path).1")
        s.part += 1
        var next = header
        next.part = s.part
        do {
            let file = try LineFile(path: path, syncToDisk: configuration.syncToDisk)
            try file.write(Self.line(next, encoder, path: path).get())
            s.file = file
            s.stats.bytes = file.size
            s.stats.rotations += 1
            return true
        } catch {
            s.stats.lastError = error
            return false
        }
    }
}
