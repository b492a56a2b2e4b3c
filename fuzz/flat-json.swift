// The sidecar's request-body fast path: any bytes parse or give up, and what parses writes back
// to JSON that parses to the same members.
@testable import LimiterSidecar
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlatJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let object = FlatJSONObject(parsing: UnsafeRawBufferPointer(start: data, count: size)) else { return 0 }
    var buffer = ByteBuffer()
    object.write(to: &buffer)
    guard let again = FlatJSONObject(buffer) else { fatalError("written back, it does not parse: \(String(buffer: buffer))") }
    precondition(again.fields.map(\.key) == object.fields.map(\.key), "keys changed")
    for (a, b) in zip(object.fields, again.fields) {
        precondition(a.value.string == b.value.string && a.value.bool == b.value.bool, "\(a.key) changed")
        precondition(a.value.number == b.value.number, "\(a.key): \(a.value) came back as \(b.value)")
        if let number = a.value.number, !number.isFinite {
            precondition(a.value.integer == nil, "\(a.key): an overflowing number passed as an integer")
        }
    }
    return 0
}
