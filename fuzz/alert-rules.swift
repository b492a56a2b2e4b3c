// The alert-rules loader (JSON).
import Foundation
import UpbitRateLimit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAlertRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? AlertRuleSet.decode(Data(bytes: data, count: size), origin: "fuzz.json")
    return 0
}
