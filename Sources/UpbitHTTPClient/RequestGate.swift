import UpbitRateLimit

/// What an ``UpbitClient`` asks before each request and tells after it.
///
/// ``RateLimiter`` is the gate that keeps 429s away in process; ``SidecarGate`` asks a sidecar
/// (`upbit-limiter serve`) shared by every bot on the host; ``UnlimitedGate`` lets everything
/// through (a control in tests and benchmarks: the exchange must bite it).
public protocol RequestGate: Sendable {
    /// Waits until a request to `endpoint` may go; throws to refuse it. `answerWithin` is the
    /// longest the request can take to be answered or abandoned. Returns the permit to
    /// report with, if the gate issues one.
    func admit(endpoint: String, method: String, timeout: Duration?, answerWithin: Duration) async throws -> GatePermit?
    /// Feeds back the answer to the request `permit` let through: status (0 = transport
    /// error or timeout: no answer, the request may still be counted), `Remaining-Req`, 418 block length.
    func report(_ permit: GatePermit?, endpoint: String, method: String, status: Int, remainingReq: String?,
                blockFor: Duration?) async
    /// The request `permit` let through was never sent (never written to a socket).
    func releaseUnsent(_ permit: GatePermit?) async
    /// The request `permit` let through may have been sent but its answer will not be awaited
    /// (cancelled in flight).
    func abandon(_ permit: GatePermit?) async
}

extension RateLimiter: RequestGate {
    /// Acquires a permit leased for `answerWithin`: its window slot counts until the answer is
    /// recorded, so loopback or network jitter needs no margin.
    public func admit(endpoint: String, method: String, timeout: Duration?,
                      answerWithin: Duration) async throws -> GatePermit? {
        .local(try await acquire(endpoint: endpoint, method: method, timeout: timeout, lease: answerWithin))
    }

    /// Reports the answer to the limiter, closing the permit's lease (status 0: kept to its bound).
    public func report(_ permit: GatePermit?, endpoint: String, method: String, status: Int, remainingReq: String?,
                       blockFor: Duration?) async {
        if case .local(let permit) = permit {
            report(permit, status: status, remainingReq: remainingReq, blockFor: blockFor)
        } else {
            report(endpoint: endpoint, method: method, status: status, remainingReq: remainingReq, blockFor: blockFor)
        }
    }

    /// Frees the permit's slot now: the request never left.
    public func releaseUnsent(_ permit: GatePermit?) async {
        if case .local(let permit) = permit { releaseUnsent(permit) }
    }

    /// Leaves the permit's slot counted until its lease's bound.
    public func abandon(_ permit: GatePermit?) async {
        if case .local(let permit) = permit { abandon(permit) }
    }
}

/// A gate that never waits and ignores every answer.
public struct UnlimitedGate: RequestGate {
    /// The gate.
    public init() {}
    /// Returns at once, with no permit.
    public func admit(endpoint: String, method: String, timeout: Duration?, answerWithin: Duration) async throws -> GatePermit? {
        nil
    }
    /// Ignores the answer.
    public func report(_ permit: GatePermit?, endpoint: String, method: String, status: Int, remainingReq: String?,
                       blockFor: Duration?) async {}
    /// Nothing to free.
    public func releaseUnsent(_ permit: GatePermit?) async {}
    /// Nothing to close.
    public func abandon(_ permit: GatePermit?) async {}
}
