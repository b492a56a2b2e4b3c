// The exchange's `Remaining-Req` header, as any server could send it.
import UpbitRateLimit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRemainingReq(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if case .success(let parsed) = RemainingReq.parse(header) {
        precondition(parsed.sec >= 0, "negative sec accepted from '\(header)'")
        precondition(!parsed.group.rawValue.isEmpty, "empty group accepted from '\(header)'")
    }
    return 0
}
