// A W3C `traceparent` header, as any bot could send it to the sidecar.
import UpbitRateLimit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceParent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let parsed = try? TraceParent.parse(header) {
        precondition(parsed.traceID.utf8.count == 32 && parsed.parentID.utf8.count == 16, "ids of the wrong length from '\(header)'")
        precondition(parsed.traceID.contains { $0 != "0" } && parsed.parentID.contains { $0 != "0" }, "a zero id from '\(header)'")
        let again = try? TraceParent.parse(parsed.description)
        precondition(again == parsed, "'\(parsed)' does not read back as itself (from '\(header)')")
    }
    return 0
}
