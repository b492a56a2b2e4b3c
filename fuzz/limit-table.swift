// The limit-table loader (JSON), and the endpoint map built from what it accepts.
import Foundation
import UpbitRateLimit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLimitTable(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? LimitTable.decode(Data(bytes: data, count: size), origin: "fuzz.json")
    return 0
}
