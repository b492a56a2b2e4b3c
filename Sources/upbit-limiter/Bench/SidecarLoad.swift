import NIOCore
import NIOPosix

/// A closed-loop load on a sidecar's `POST /v1/acquire` (and, per ``Mode``, the report that follows),
/// like `wrk`: each keep-alive HTTP/1.1 connection sends its next request as soon as the previous
/// answer has arrived (no pipelining).
///
/// Runs on its own event loops with a minimal response scanner, so that the client adds little to the
/// round trip it measures.
struct SidecarLoad {
    /// Where the sidecar listens.
    enum Target: CustomStringConvertible {
        case tcp(host: String, port: Int)
        case unix(path: String)

        var description: String {
            switch self {
            case .tcp(let host, let port): "TCP \(host):\(port)"
            case .unix(let path): "Unix socket \(path)"
            }
        }
    }

    /// What one round trip is.
    enum Mode: String, CaseIterable, CustomStringConvertible {
        /// `POST /v1/acquire` alone.
        case acquire
        /// Acquire, then `POST /v1/report` with the endpoint and method (the margin protocol).
        case report
        /// Acquire with `"lease": true`, then report with the answer's `permit`.
        case lease

        var description: String {
            switch self {
            case .acquire: "acquire"
            case .report: "acquire + report"
            case .lease: "leased acquire + report(permit)"
            }
        }
    }

    /// What one run measured inside its window.
    struct Result {
        /// 200 answers to requests sent and answered inside the window.
        var acquires = 0
        /// Other answers inside the window.
        var failures = 0
        /// Round trips of the 200 answers, ns, sorted.
        var latencies: [UInt64] = []
        /// The window's length, s.
        var seconds = 0.0

        var perSecond: Double { Double(acquires) / seconds }

        /// The `p` quantile (0…1) of the round trips, µs.
        func microseconds(atQuantile p: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            return Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1e3
        }
    }

    var target: Target
    var connections: Int
    var duration: Duration
    var warmup: Duration
    var threads: Int
    var body: String
    var mode: Mode = .acquire

    /// Connects every connection, loads for `warmup + duration` and measures the last `duration`.
    func run() async throws -> Result {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        defer { group.shutdownGracefully { _ in } }
        let requests = LoopRequests(host: hostHeader, acquireBody: acquireBody, mode: mode)
        var channels: [(any Channel, EventLoopFuture<Result>)] = []
        for _ in 0..<connections {
            let answered = group.next().makePromise(of: Result.self)
            let bootstrap = ClientBootstrap(group: group).channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcquireLoopHandler(requests: requests, answered: answered))
                }
            }
            let channel: any Channel
            switch target {
            case .tcp(let host, let port):
                channel = try await bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1).connect(host: host, port: port).get()
            case .unix(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
            channels.append((channel, answered.futureResult))
        }
        let start = NIODeadline.now() + .nanoseconds(warmup.nanoseconds)
        let end = start + .nanoseconds(duration.nanoseconds)
        for (channel, _) in channels {
            channel.pipeline.fireUserInboundEventTriggered(AcquireLoopHandler.Start(window: start..<end))
        }
        var total = Result(seconds: Double(duration.nanoseconds) / 1e9)
        for (_, answered) in channels {
            let one = try await answered.get()
            total.acquires += one.acquires
            total.failures += one.failures
            total.latencies += one.latencies
        }
        total.latencies.sort()
        return total
    }

    private var hostHeader: String {
        if case .tcp(let host, let port) = target { "\(host):\(port)" } else { "localhost" }
    }

    /// `body` with `"lease":true` added in lease mode.
    private var acquireBody: String {
        guard mode == .lease, body.hasSuffix("}") else { return body }
        return String(body.dropLast()) + #","lease":true}"#
    }
}

/// The request bytes of one round trip.
struct LoopRequests {
    let acquire: ByteBuffer
    private let host: String
    let mode: SidecarLoad.Mode

    init(host: String, acquireBody: String, mode: SidecarLoad.Mode) {
        self.host = host
        self.mode = mode
        acquire = Self.post("/v1/acquire", acquireBody, host: host)
    }

    /// The report after an acquire answered `answer`; nil when the mode sends none or the answer has no permit.
    func report(after answer: ByteBufferView) -> ByteBuffer? {
        switch mode {
        case .acquire: return nil
        case .report: return Self.post("/v1/report", #"{"endpoint":"/v1/ticker","method":"GET","status":200}"#, host: host)
        case .lease:
            guard let permit = Self.permit(in: answer) else { return nil }
            return Self.post("/v1/report", #"{"permit":"\#(permit)","status":200}"#, host: host)
        }
    }

    /// The `"permit":"…"` value of an acquire answer.
    static func permit(in answer: ByteBufferView) -> String? {
        let text = String(decoding: answer, as: UTF8.self)
        guard let start = text.range(of: #""permit":""#)?.upperBound,
              let end = text[start...].firstIndex(of: "\"") else { return nil }
        return String(text[start..<end])
    }

    private static func post(_ path: String, _ body: String, host: String) -> ByteBuffer {
        ByteBuffer(string: "POST \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n"
                   + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }
}

/// One connection of a ``SidecarLoad``: sends, waits for the whole answer, records, sends again.
private final class AcquireLoopHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Starts the loop; answers are recorded for requests sent and answered inside `window`.
    struct Start { var window: Range<NIODeadline> }

    private let requests: LoopRequests
    private let answered: EventLoopPromise<SidecarLoad.Result>
    private var window: Range<NIODeadline>?
    private var result = SidecarLoad.Result()
    private var sentAt = NIODeadline.now()
    /// Whether the answer awaited is the report's (the round trip's second leg).
    private var reporting = false
    private var received: ByteBuffer?
    private var finished = false

    init(requests: LoopRequests, answered: EventLoopPromise<SidecarLoad.Result>) {
        self.requests = requests
        self.answered = answered
    }

    /// The sidecar kept a request unanswered long after the window closed.
    struct Unanswered: Error, CustomStringConvertible {
        var description: String { "the sidecar did not answer within 5 s" }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let start = event as? Start else { return context.fireUserInboundEventTriggered(event) }
        window = start.window
        context.eventLoop.assumeIsolated().scheduleTask(deadline: start.window.upperBound + .seconds(5)) {
            self.finish(context, .failure(Unanswered()))
        }
        send(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received == nil { received = bytes } else { received!.writeBuffer(&bytes) }
        do {
            while let (status, body) = try HTTPResponseScanner.takeResponse(from: &received!) { answer(status, body, context) }
        } catch {
            finish(context, .failure(error))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context, .failure(ChannelError.eof))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context, .failure(error))
    }

    private func answer(_ status: Int, _ body: ByteBuffer, _ context: ChannelHandlerContext) {
        guard let window, !finished else { return }
        if !reporting, status == 200, let report = requests.report(after: body.readableBytesView) {
            reporting = true
            return context.writeAndFlush(wrapOutboundOut(report), promise: nil)
        }
        let success = reporting ? status == 204 : status == 200
        reporting = false
        let now = NIODeadline.now()
        if window.contains(sentAt), now < window.upperBound {
            if success {
                result.acquires += 1
                result.latencies.append(UInt64((now - sentAt).nanoseconds))
            } else {
                result.failures += 1
            }
        }
        if now < window.upperBound { send(context) } else { finish(context, .success(result)) }
    }

    private func send(_ context: ChannelHandlerContext) {
        sentAt = NIODeadline.now()
        context.writeAndFlush(wrapOutboundOut(requests.acquire), promise: nil)
    }

    private func finish(_ context: ChannelHandlerContext, _ outcome: Result<SidecarLoad.Result, any Error>) {
        guard !finished else { return }
        finished = true
        answered.completeWith(outcome)
        context.close(promise: nil)
    }
}

/// Reads whole HTTP/1.1 responses with a `Content-Length` (what the sidecar sends) off a byte stream.
enum HTTPResponseScanner {
    /// An answer's bytes could not be read as an HTTP/1.1 response with a length.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Consumes one whole response from `buffer` and returns its status and body; nil while bytes are missing.
    static func takeResponse(from buffer: inout ByteBuffer) throws -> (Int, ByteBuffer)? {
        let parsed: (status: Int, head: Int, length: Int)? = try buffer.withUnsafeReadableBytes { bytes in
            guard let statusLineEnd = lineEnd(in: bytes, from: 0) else { return nil }
            guard statusLineEnd >= 12, bytes.starts(with: "HTTP/1.1 ".utf8),
                  let status = Int(String(decoding: bytes[9..<12], as: UTF8.self)) else {
                throw Malformed(description: "not an HTTP/1.1 status line: \(String(decoding: bytes[..<statusLineEnd], as: UTF8.self))")
            }
            var contentLength = 0
            var line = statusLineEnd + 2
            while true {
                guard let end = lineEnd(in: bytes, from: line) else { return nil }
                if end == line { break }
                if let value = value(of: "content-length:", in: bytes[line..<end]) {
                    guard let length = Int(value) else { throw Malformed(description: "Content-Length: '\(value)'") }
                    contentLength = length
                } else if value(of: "transfer-encoding:", in: bytes[line..<end]) != nil {
                    throw Malformed(description: "Transfer-Encoding is not supported (expected Content-Length)")
                }
                line = end + 2
            }
            let total = line + 2 + contentLength
            return bytes.count >= total ? (status, line + 2, total) : nil
        }
        guard let parsed else { return nil }
        buffer.moveReaderIndex(forwardBy: parsed.head)
        let body = buffer.readSlice(length: parsed.length - parsed.head) ?? ByteBuffer()
        return (parsed.status, body)
    }

    /// The value of `line` when it is the header `name` (lowercase, with its colon), spaces trimmed.
    private static func value(of name: StaticString, in line: Slice<UnsafeRawBufferPointer>) -> String? {
        let name = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard line.count >= name.count, zip(line, name).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        return String(decoding: line.dropFirst(name.count), as: UTF8.self).trimmingPrefix(" ").description
    }

    /// The index of the next `\r\n` at or after `start`.
    private static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
