#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each line of a recording is, found in one pass over the bytes without decoding frames.
struct RecordingIndex: Sendable {
    /// Byte range of each frame line (without its newline).
    var frameOffsets: [Int] = []
    var frameLengths: [Int32] = []
    /// Each frame's `t`, made non-decreasing (a frame earlier than its predecessor takes its time)
    /// so that time lookups can bisect.
    var frameTimes: [Double] = []
    /// Byte range of each event line and the number of frame lines before it.
    var eventLines: [(offset: Int, length: Int, framesBefore: Int)] = []
    /// Lines that are not JSON objects with a known first key.
    var corruptLines = 0
    /// The file does not end with a newline: its last line was cut short and is ignored.
    var endedEarly = false
    /// Byte range of line 1.
    var headerLength = 0

    /// Scans `bytes` (a whole recording).
    init(scanning bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            let rest = bytes.count - start
            guard let hit = memchr(base + start, 0x0A, rest) else {
                endedEarly = true
                if lineNumber == 0 { headerLength = rest }
                return
            }
            let end = base.distance(to: UnsafeRawPointer(hit))
            if lineNumber == 0 {
                headerLength = end
            } else {
                add(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), at: start)
            }
            lineNumber += 1
            start = end + 1
        }
    }

    private mutating func add(_ line: UnsafeRawBufferPointer, at offset: Int) {
        switch LineScanner.classify(line) {
        case .frame(let t):
            frameOffsets.append(offset)
            frameLengths.append(Int32(clamping: line.count))
            frameTimes.append(max(t, frameTimes.last ?? t))
        case .event:
            eventLines.append((offset, line.count, frameOffsets.count))
        case .header, .blank:
            break
        case .corrupt:
            corruptLines += 1
        }
    }

    /// The last frame whose time is at most `t` (0 when `t` is before the first).
    func frameIndex(atOrBefore t: Double) -> Int {
        var low = 0, high = frameTimes.count
        while low < high {
            let mid = (low + high) / 2
            if frameTimes[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }
}
