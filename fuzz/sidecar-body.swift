// The sidecar's body decoding: the fast path, then JSONDecoder's fallback, for every request type.
@testable import LimiterSidecar
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSidecarBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = ByteBuffer(bytes: UnsafeRawBufferPointer(start: data, count: size))
    _ = try? SidecarBody.decode(AcquireRequest.self, from: buffer, fast: AcquireRequest.init(flat:))
    _ = try? SidecarBody.decode(ReportRequest.self, from: buffer, fast: ReportRequest.init(flat:))
    _ = try? SidecarBody.decode(EmergencyRequest.self, from: buffer)
    _ = try? SidecarBody.decode(ResetRecoveryRequest.self, from: buffer)
    return 0
}
