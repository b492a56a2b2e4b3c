/// A bearer token kept as bytes and compared in constant time.
struct SidecarToken: Sendable {
    let bytes: [UInt8]
    init(_ token: String) { bytes = Array(token.utf8) }

    /// Whether `candidate` equals the token; the time taken depends only on the lengths.
    func matches(_ candidate: String) -> Bool {
        let other = Array(candidate.utf8)
        var difference = UInt8(other.count == bytes.count ? 0 : 1)
        for index in 0..<other.count { difference |= other[index] ^ bytes[index % max(bytes.count, 1)] }
        return difference == 0 && !bytes.isEmpty
    }
}
