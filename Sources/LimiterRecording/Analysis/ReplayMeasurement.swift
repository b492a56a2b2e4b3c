import Foundation

/// How fast a recording opens and seeks on this machine: `upbit-limiter replay FILE --measure`.
///
/// A seek is what the console pays for `b`, `←`/`→` or `n`: find the frame at a time, then
/// decode it (with its recent events rebuilt). Times are wall-clock, with a warm page cache
/// unless the caller dropped it.
public struct ReplayMeasurement: Hashable, Sendable {
    /// Size of the file, bytes.
    public var bytes: Int
    /// Frames indexed.
    public var frames: Int
    /// Time to map and index the file.
    public var open: Duration
    /// Seek times, sorted.
    public var seeks: [Duration]

    /// Opens `path` and performs `seeks` seeks to random times (seeded, so runs compare).
    ///
    /// - Throws: ``RecordingError`` when the file cannot be opened.
    public static func run(path: String, seeks count: Int = 1_000, seed: UInt64 = 7) throws -> ReplayMeasurement {
        let clock = ContinuousClock()
        var reader: RecordingReader?
        let open = try clock.measure { reader = try RecordingReader(path: path) }
        guard let reader else { throw RecordingError(.unreadable, path: path, detail: "not opened") }
        var random = SplitMix64(seed: seed)
        let seeks = (0..<max(1, count)).map { _ in
            let t = reader.startTime + random.unit() * reader.duration
            return clock.measure { _ = reader.decodableFrame(from: reader.frameIndex(atOrBefore: t), direction: 1) }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return ReplayMeasurement(bytes: size, frames: reader.frameCount, open: open, seeks: seeks.sorted())
    }

    /// The `q` quantile (0…1) of the seek times.
    public func seek(quantile q: Double) -> Duration {
        seeks[min(seeks.count - 1, Int((Double(seeks.count - 1) * q).rounded()))]
    }

    /// One paragraph for the terminal and for `docs/RECORDING.md`.
    public func render() -> String {
        func ms(_ d: Duration) -> String { String(format: "%.2f ms", Double(d.nanoseconds) / 1e6) }
        return """
            file   \(bytes) bytes (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB), \(frames) frames
            open   \(ms(open))
            seek   p50 \(ms(seek(quantile: 0.5)))  p95 \(ms(seek(quantile: 0.95)))  max \(ms(seek(quantile: 1))) (\(seeks.count) random seeks)
            """
    }
}
