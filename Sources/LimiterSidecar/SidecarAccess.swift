import NIOCore

/// Who may call which sidecar route: three tiers of bearer tokens, decided per request.
///
/// - **bot** routes (`acquire`, `report`, `release`): the bot token when one is configured; without one,
///   loopback peers (127.0.0.0/8, ::1, the Unix socket) need none and every other peer is refused.
///   The control token is accepted too.
/// - **control** routes: the control token only (none configured: refused to everyone).
/// - **read** routes (`status`, `stream`, `metrics`, `healthz`): ``readAccess`` — open to all, or the bot
///   tier, or the control tier.
///
/// Tokens are compared in constant time; peers are classified by their socket address, never by text.
public struct SidecarAccess: Sendable {
    /// What a route requires.
    public enum Tier: String, Sendable, CaseIterable {
        /// No token.
        case open
        /// The bot token (or the control token); on loopback none while no bot token is configured.
        case bot
        /// The control token.
        case control
    }

    /// Where a request came from.
    public enum Peer: Sendable, Equatable {
        /// 127.0.0.0/8, ::1 (also as ::ffff:127.x.x.x) or a Unix-domain socket.
        case local
        /// Any other address, or one the server could not read.
        case remote

        /// The class of `address`; nil (unreadable) is remote.
        public init(_ address: SocketAddress?) {
            switch address {
            case .unixDomainSocket: self = .local
            case .v4(let v4):
                self = UInt32(bigEndian: v4.address.sin_addr.s_addr) >> 24 == 127 ? .local : .remote
            case .v6(let v6):
                let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
                let loopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
                let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
                self = loopback || mapped ? .local : .remote
            case nil: self = .remote
            }
        }
    }

    let control: SidecarToken?
    let bot: SidecarToken?
    /// The tier of the read-only routes.
    public let readAccess: Tier

    /// Access with the control token `controlToken` (nil: control routes refused), the bot token `botToken`
    /// (nil: bots on loopback need none) and read routes at `readAccess`.
    public init(controlToken: String?, botToken: String? = nil, readAccess: Tier = .open) {
        control = controlToken.map(SidecarToken.init)
        bot = botToken.map(SidecarToken.init)
        self.readAccess = readAccess
    }

    /// Whether a request needing `tier`, carrying the `Authorization` header `authorization`, from `peer` may proceed.
    func allows(_ tier: Tier, authorization: String?, peer: Peer) -> Bool {
        let presented = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let isControl = presented.map { control?.matches($0) ?? false } ?? false
        switch tier {
        case .open:
            return true
        case .control:
            return isControl
        case .bot:
            if isControl { return true }
            guard let bot else { return peer == .local }
            return presented.map(bot.matches) ?? false
        }
    }

    /// The 401 message for a request refused at `tier`.
    static func refusal(_ tier: Tier) -> String {
        switch tier {
        case .open, .bot: "not authorised: this route needs the bot token (Authorization: Bearer <token>)"
        case .control: "not authorised"
        }
    }
}
