// The remote console's Server-Sent Events parser and frame decoding, fed in chunks, each frame
// shown on the in-memory terminal as the console would.
@testable import LimiterSidecar
@testable import LimiterConsole
import Foundation
import UpbitRateLimit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The first byte chooses the chunk size, so events split across reads are covered too.
    let chunk = max(1, Int(bytes.first ?? 1))
    var parser = ServerSentEventParser()
    var state = ConsoleState(sourceLabel: "remote http://127.0.0.1:8089")
    let decoder = JSONDecoder()
    var start = bytes.isEmpty ? 0 : 1
    while start < bytes.count {
        let end = min(bytes.count, start + chunk)
        guard let payloads = try? parser.feed(bytes[start..<end]) else { return 0 }
        for payload in payloads {
            guard let frame = try? decoder.decode(StatusFrame.self, from: Data(payload)) else {
                FuzzConsole.show(.disconnected(since: 0, reason: "undecodable"), in: &state)
                continue
            }
            FuzzConsole.show(.frame(frame), in: &state)
        }
        start = end
    }
    return 0
}
