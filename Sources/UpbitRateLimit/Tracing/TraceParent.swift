/// A W3C Trace Context `traceparent` value: `00-<trace-id>-<parent-id>-<flags>`.
///
/// Parsed by the checked conversion ``parse(_:input:)`` as the W3C recommendation says: lowercase
/// hex only, an all-zero trace or parent id and version `ff` are invalid, a later version is read by
/// its first four fields. A value that fails names its input (`traceparent: must be …, got …`).
public struct TraceParent: Hashable, Sendable, CustomStringConvertible {
    /// The trace id, 32 lowercase hex digits.
    public let traceID: String
    /// The caller's span (the parent of the spans made for this request), 16 lowercase hex digits.
    public let parentID: String
    /// The trace flags; bit 0 is "sampled".
    public let flags: UInt8

    /// The header value, version `00`.
    public var description: String {
        let hex = Array("0123456789abcdef")
        return "00-\(traceID)-\(parentID)-\(hex[Int(flags >> 4)])\(hex[Int(flags & 15)])"
    }

    /// Whether the caller sampled the trace (flag bit 0).
    public var isSampled: Bool { flags & 1 == 1 }

    private init(traceID: String, parentID: String, flags: UInt8) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// The header name, `traceparent`.
    public static let headerName = "traceparent"

    /// The `traceparent` written in `text` (surrounding blanks ignored); `input` names it in the error.
    public static func parse(_ text: String, input: String = headerName) throws(InputError) -> TraceParent {
        let bytes = Array(text.utf8.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed())
        func fail(_ why: String) -> InputError {
            InputError(input: input, expectation: "a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>, lowercase, \(why))",
                       given: text.count > 80 ? "\"\(text.prefix(80))…\" (\(text.utf8.count) bytes)" : "\"\(text)\"")
        }
        guard bytes.count >= 55 else { throw fail("55 characters") }
        guard bytes[2] == 45, bytes[35] == 45, bytes[52] == 45 else { throw fail("dashes between the fields") }
        guard let version = hexByte(bytes[0], bytes[1]), version != 0xff else { throw fail("a version 00–fe") }
        // Version 00 is exactly 55 characters; a later one may add fields after a dash.
        guard bytes.count == 55 || (version > 0 && bytes[55] == 45) else { throw fail("nothing after the flags") }
        guard let flags = hexByte(bytes[53], bytes[54]) else { throw fail("hex flags") }
        let trace = bytes[3..<35], parent = bytes[36..<52]
        guard trace.allSatisfy(isHex), parent.allSatisfy(isHex) else { throw fail("hex ids") }
        guard trace.contains(where: { $0 != 48 }) else { throw fail("a trace id that is not all zeros") }
        guard parent.contains(where: { $0 != 48 }) else { throw fail("a parent id that is not all zeros") }
        return TraceParent(traceID: String(decoding: trace, as: UTF8.self), parentID: String(decoding: parent, as: UTF8.self),
                           flags: flags)
    }

    private static func isHex(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }

    private static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func digit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            default: nil
            }
        }
        guard let h = digit(high), let l = digit(low) else { return nil }
        return h << 4 | l
    }
}
