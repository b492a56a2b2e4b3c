import HTTPTypes
import Hummingbird
import NIOCore
import UpbitRateLimit

extension SidecarServer {
    /// The accepted `?interval_ms=` of the status stream, milliseconds.
    var streamIntervals: InputRange {
        .closed(Double(configuration.minimumStreamInterval.nanoseconds) / 1e6, 60_000)
    }

    /// `GET /v1/status/stream[?interval_ms=N]`: Server-Sent Events, one `data: <StatusFrame JSON>` per frame.
    ///
    /// 400 for an `interval_ms` outside ``streamIntervals``; 503 when ``Configuration/maxStreams`` streams are
    /// open or the server is shutting down. Every stream ends at shutdown (``shutDown()``).
    func stream(_ request: Request) throws -> Response {
        var interval = configuration.streamInterval
        if let text = request.uri.queryParameters["interval_ms"] {
            interval = try SidecarRequestError.checked { () throws(InputError) in
                try CheckedInput.milliseconds(String(text), "interval_ms", in: streamIntervals)
            }
        }
        let runtime = runtime
        let feed = LimiterStatusFeed(label: runtime.label, clock: runtime.limiter.clock, interval: interval) {
            runtime.status(source: runtime.label)
        }
        let frames = try streams.subscribe(feed)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await frame in frames {
                var bytes = Array("data: ".utf8)
                bytes += (try? SidecarResponse.encoder.encode(frame)).map { Array($0) } ?? []
                bytes += Array("\n\n".utf8)
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        })
    }
}
