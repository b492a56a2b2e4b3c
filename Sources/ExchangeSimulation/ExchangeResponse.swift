import UpbitRateLimit

/// The simulated exchange's answer to one request, as a client sees it.
public struct ExchangeResponse: Hashable, Sendable {
    /// HTTP status: 200, 429, 418, 503 (simulated fault) or 0 (the client timed out).
    public var status: Int
    /// The enforcer's verdict (group, `Remaining-Req` figures, block length).
    public var verdict: Verdict
    /// When the request reached the exchange, on its clock (nil when it never did).
    public var arrivedAt: Int64?
    /// Time from arrival to the answer reaching the client, nanoseconds.
    public var outboundNanos: Int64
    /// Time from departure to answer (or to the client's timeout), nanoseconds.
    public var latencyNanos: Int64 = 0

    /// An answer; see the properties.
    public init(status: Int, verdict: Verdict, arrivedAt: Int64?, outboundNanos: Int64, latencyNanos: Int64 = 0) {
        self.status = status
        self.verdict = verdict
        self.arrivedAt = arrivedAt
        self.outboundNanos = outboundNanos
        self.latencyNanos = latencyNanos
    }

    /// The group the request was charged to.
    public var group: GroupID { verdict.group }

    /// The `Remaining-Req` header, present on every answer that reached the exchange.
    public var remainingReq: String? { status == 0 ? nil : verdict.remainingReq }

    /// For a 418: the stated block length.
    public var blockFor: Duration? { status == 418 ? verdict.blockedForNanos.map { .nanoseconds($0) } : nil }

    /// The answer a client makes up when it gives up waiting.
    static func timedOut(after nanos: Int64, group: GroupID) -> ExchangeResponse {
        ExchangeResponse(status: 0, verdict: Verdict(status: 0, group: group, remaining: 0, minuteFigure: 0),
                         arrivedAt: nil, outboundNanos: 0, latencyNanos: nanos)
    }
}
