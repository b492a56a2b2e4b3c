// The limiter's configuration file loader (JSON), as any file could hold it.
import Foundation
import UpbitRateLimit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? RuntimeConfiguration.decode(Data(bytes: data, count: size), origin: "fuzz.json")
    return 0
}
