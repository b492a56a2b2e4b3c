/// Splits a Server-Sent Events byte stream into the `data:` payloads of complete events.
///
/// Bytes from the network are bounded: a line or an event larger than ``maximumEventBytes``
/// (a server that never sends a newline, or one endless event) throws instead of growing
/// without limit; the client then reconnects.
struct ServerSentEventParser {
    /// The largest event accepted (status frames are tens of KiB).
    static let maximumEventBytes = 4 << 20

    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private static let dataField = Array("data:".utf8)

    /// Feeds `bytes`; returns the payload of every event completed by them.
    ///
    /// - Throws: ``SidecarClientError`` when a line or an event exceeds ``maximumEventBytes``.
    mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(SidecarClientError) -> [[UInt8]] {
        var events: [[UInt8]] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                line.append(byte)
                if line.count + data.count > Self.maximumEventBytes { throw Self.tooLarge() }
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.isEmpty {
                if !data.isEmpty { events.append(data) }
                data = []
            } else if line.starts(with: Self.dataField) {
                var payload = line.dropFirst(5)
                if payload.first == UInt8(ascii: " ") { payload = payload.dropFirst() }
                if !data.isEmpty { data.append(UInt8(ascii: "\n")) }
                data += payload
            }
            line = []
        }
        return events
    }

    private static func tooLarge() -> SidecarClientError {
        SidecarClientError("status stream: an event over \(maximumEventBytes >> 20) MiB")
    }
}
