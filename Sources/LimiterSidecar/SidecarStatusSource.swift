import AsyncHTTPClient
import Foundation
import NIOCore
import UpbitRateLimit

/// The status feed of a remote sidecar: `GET /v1/status/stream` (Server-Sent Events).
///
/// Each `data:` line is decoded as a ``StatusFrame``; on any failure the stream yields
/// `.disconnected(since:reason:)` once per outage and reconnects with exponential backoff
/// (0.5 s doubling to 10 s).
public struct SidecarStatusSource: StatusSource {
    /// The sidecar's base URL, e.g. `http://127.0.0.1:8089`.
    public let baseURL: String
    /// The frame interval asked of the server.
    public let interval: Duration
    private let client: HTTPClient

    /// A source for the sidecar at `baseURL`, frames every `interval`.
    public init(baseURL: String, interval: Duration = .milliseconds(500), client: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.interval = interval
        self.client = client
    }

    public var label: String { "remote \(baseURL)" }

    public func updates() -> AsyncStream<StatusUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusUpdate.self, bufferingPolicy: .bufferingNewest(4))
        let task = Task { [self] in
            var backoff: Duration = .milliseconds(500)
            var downSince: Double?
            while !Task.isCancelled {
                var reason = "stream ended"
                do {
                    try await consume { frame in
                        downSince = nil
                        backoff = .milliseconds(500)
                        continuation.yield(.frame(frame))
                    }
                } catch {
                    reason = "\(error)"
                }
                if Task.isCancelled { break }
                if downSince == nil {
                    let since = Date().timeIntervalSince1970
                    downSince = since
                    continuation.yield(.disconnected(since: since, reason: reason))
                }
                do { try await Task.sleep(for: backoff) } catch { break }
                backoff = min(backoff * 2, .seconds(10))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func consume(_ yield: (StatusFrame) -> Void) async throws {
        // A short probe first: a refused connection fails in seconds instead of at the stream's deadline.
        let probe = try await client.execute(HTTPClientRequest(url: "\(baseURL)/healthz"), timeout: .seconds(3))
        guard probe.status == .ok else { throw SidecarClientError("health check answered \(probe.status.code)") }
        let ms = Int(interval.nanoseconds / 1_000_000)
        var request = HTTPClientRequest(url: "\(baseURL)/v1/status/stream?interval_ms=\(ms)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await client.execute(request, timeout: .hours(24 * 365))
        guard response.status == .ok else { throw SidecarClientError("status stream answered \(response.status.code)") }
        var parser = ServerSentEventParser()
        let decoder = JSONDecoder()
        for try await buffer in response.body {
            for payload in try parser.feed(buffer.readableBytesView) {
                yield(try decoder.decode(StatusFrame.self, from: Data(payload)))
            }
        }
    }
}

/// A failure talking to a sidecar.
public struct SidecarClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A one-line message, e.g. `not authorised`.
    public let message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
