/// Classifies one recording line without decoding its JSON.
///
/// The recorder writes keys sorted, so a frame's `"t":` is near the end of its line (only
/// `tasks` and `v` follow it) and an event line starts with `{"event":`. The fast path
/// searches backwards for `"t":` and checks, by counting brackets in the short tail, that
/// it is a top-level key. Lines in another key order fall back to walking the top level
/// from the start, skipping nested values by counting brackets outside strings. Every index
/// is bounds-checked, so random bytes give `.corrupt`, never a crash.
enum LineScanner {
    /// What a line holds.
    enum Kind: Equatable {
        case frame(t: Double)
        case event
        case header
        case blank
        case corrupt
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    private static let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
    private static let openArray = UInt8(ascii: "["), closeArray = UInt8(ascii: "]")
    private static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")

    /// The kind of `line` (without its newline).
    static func classify(_ line: UnsafeRawBufferPointer) -> Kind {
        guard let first = line.firstIndex(where: { !isSpace($0) }) else { return .blank }
        guard let last = line.lastIndex(where: { !isSpace($0) }), line[first] == open, line[last] == close
        else { return .corrupt }
        if hasPrefix(line, first, "{\"event\":") { return .event }
        if hasPrefix(line, first, "{\"format\":") { return .header }
        if let key = lastTopLevelTimeKey(line, first: first, last: last) {
            return timestamp(line, from: key + 3, limit: last).map { .frame(t: $0) } ?? .corrupt
        }
        return walkTopLevel(line, first: first, last: last)
    }

    /// The index of the last `"t":` within 4 KiB of the end that is a key of the outer object.
    private static func lastTopLevelTimeKey(_ line: UnsafeRawBufferPointer, first: Int, last: Int) -> Int? {
        var i = last - 4
        while i > first, last - i < 4096 {
            if line[i] == quote, line[i + 1] == UInt8(ascii: "t"), line[i + 2] == quote, line[i + 3] == colon,
               line[i - 1] != backslash, closesOneLevel(line, from: i, to: last) {
                return i
            }
            i -= 1
        }
        return nil
    }

    /// Whether `line[from...to]`, read from outside a string, closes exactly one bracket more than it opens.
    private static func closesOneLevel(_ line: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
        var balance = 0, i = from
        while i <= to {
            switch line[i] {
            case quote:
                guard let end = stringEnd(line, from: i + 1, limit: to) else { return false }
                i = end
            case open, openArray: balance += 1
            case close, closeArray:
                balance -= 1
                if balance < -1 { return false }
            default: break
            }
            i += 1
        }
        return balance == -1
    }

    /// Walks the outer object's keys from the start until one tells the kind of line.
    private static func walkTopLevel(_ line: UnsafeRawBufferPointer, first: Int, last: Int) -> Kind {
        var i = first + 1
        var depth = 1
        var expectKey = true
        while i < last {
            let byte = line[i]
            if byte == quote {
                let start = i + 1
                guard let end = stringEnd(line, from: start, limit: last) else { return .corrupt }
                i = end + 1
                guard depth == 1, expectKey else { continue }
                expectKey = false
                switch keyKind(line, start, end) {
                case .frame: return timestamp(line, from: i, limit: last).map { .frame(t: $0) } ?? .corrupt
                case .event: return .event
                case .header: return .header
                default: continue
                }
            }
            switch byte {
            case open, openArray: depth += 1
            case close, closeArray:
                depth -= 1
                if depth < 1 { return .corrupt }
            case comma: expectKey = depth == 1
            default: break
            }
            i += 1
        }
        return .corrupt
    }

    /// The index of the quote closing a string that starts at `from`.
    private static func stringEnd(_ line: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        var i = from
        while i < limit {
            if line[i] == backslash { i += 2; continue }
            if line[i] == quote { return i }
            i += 1
        }
        return nil
    }

    private static func keyKind(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Kind? {
        switch end - start {
        case 1 where line[start] == UInt8(ascii: "t"): return .frame(t: 0)
        case 5 where equals(line, start, "event"): return .event
        case 6 where equals(line, start, "format"): return .header
        default: return nil
        }
    }

    private static func equals(_ line: UnsafeRawBufferPointer, _ start: Int, _ word: StaticString) -> Bool {
        (0..<word.utf8CodeUnitCount).allSatisfy { line[start + $0] == word.utf8Start[$0] }
    }

    private static func hasPrefix(_ line: UnsafeRawBufferPointer, _ start: Int, _ word: StaticString) -> Bool {
        line.count - start >= word.utf8CodeUnitCount && equals(line, start, word)
    }

    /// The largest `t` (unix seconds, either sign) a frame may have: 1e11 s, the year 5138. A line
    /// with a larger, infinite or NaN `t` is corrupt, so no time computed from frame times overflows.
    static let maximumTime = 1e11

    /// The number after `:` at `from`, when it is a number within ±``maximumTime``.
    private static func timestamp(_ line: UnsafeRawBufferPointer, from: Int, limit: Int) -> Double? {
        var i = from
        while i < limit, isSpace(line[i]) { i += 1 }
        guard i < limit, line[i] == colon else { return nil }
        i += 1
        while i < limit, isSpace(line[i]) { i += 1 }
        let start = i
        while i < limit, i - start < 40, line[i] != comma, line[i] != close, !isSpace(line[i]) { i += 1 }
        guard i > start, let value = Double(String(decoding: line[start..<i], as: UTF8.self)),
              abs(value) <= maximumTime
        else { return nil }
        return value
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
