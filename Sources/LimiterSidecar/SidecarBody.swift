import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UpbitRateLimit

/// A request that failed validation: the HTTP status and a message naming the input.
public struct SidecarRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status answered for this error.
    public let status: HTTPResponse.Status
    /// A one-line message naming the offending field or input.
    public let message: String

    /// An error answered with `status` and `message`.
    public init(status: HTTPResponse.Status = .badRequest, _ message: String) {
        self.status = status
        self.message = message
    }

    /// 400 naming the input a checked conversion refused.
    public init(_ error: InputError) {
        self.init(error.description)
    }

    /// The value of `conversion`; its ``InputError`` becomes a 400 naming the input.
    static func checked<T>(_ conversion: () throws(InputError) -> T) throws(SidecarRequestError) -> T {
        do { return try conversion() } catch { throw SidecarRequestError(error) }
    }

    public var description: String { message }
}

/// Reading JSON request bodies with a size cap and field-naming errors.
enum SidecarBody {
    /// Reads at most `limit` bytes of `request`'s body and decodes it as `T` (an empty body as `{}`).
    ///
    /// `fast` reads the common flat body without `JSONDecoder`; when it (or ``FlatJSONObject``) gives up,
    /// `JSONDecoder` decodes the body and its error names the offending field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int,
                                     fast: (FlatJSONObject) -> T? = { _ in nil }) async throws -> T {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw SidecarRequestError(status: .contentTooLarge, "body over \(limit) bytes")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw SidecarRequestError(status: .contentTooLarge, "body over \(limit) bytes")
        }
        return try decode(type, from: buffer, fast: fast)
    }

    /// Decodes a whole body as `T`: `fast` on the ``FlatJSONObject`` fast path, else `JSONDecoder`
    /// with errors naming the offending field (an empty body is `{}`).
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer,
                                     fast: (FlatJSONObject) -> T? = { _ in nil }) throws -> T {
        if let value = FlatJSONObject(buffer).flatMap(fast) { return value }
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw SidecarRequestError("\(key.stringValue): missing")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw SidecarRequestError("\(field(context)): expected \(describe(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw SidecarRequestError("\(field(context)): expected \(describe(expected)), got null")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw SidecarRequestError("\(field(context)): \(context.debugDescription)")
        } catch {
            // Foundation calls a number too large for any integer "not valid JSON"; name its field instead.
            if let (key, value) = FlatJSONObject(buffer)?.fields.first(where: { abs($0.value.number ?? 0) >= 0x1p63 }) {
                throw SidecarRequestError("\(key): \(value.number ?? 0) is out of range")
            }
            throw SidecarRequestError("body: not a valid JSON object")
        }
    }

    private static func field(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".").nonEmpty ?? "body"
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        default: "a JSON object"
        }
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// Builders for the sidecar's JSON answers.
enum SidecarResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// `status` with `object` as its JSON body, written without `JSONEncoder`.
    static func json(_ status: HTTPResponse.Status, _ object: FlatJSONObject) -> Response {
        var buffer = ByteBuffer()
        object.write(to: &buffer)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": message}`, with `code` and `group` for a limiter refusal (`timeout`, `blocked`, `circuit_open`,
    /// `shutting_down`), and `retry_after_s` plus a `Retry-After` header when given.
    static func error(_ status: HTTPResponse.Status, _ message: String, retryAfter: Duration? = nil,
                      refusal: RateLimitError? = nil) -> Response {
        var headers: HTTPFields = [:]
        let seconds = retryAfter.map { Double($0.nanoseconds) / 1e9 }
        if let seconds { headers[.retryAfter] = String(max(1, Int(seconds.rounded(.up)))) }
        return json(status, ErrorBody(error: message, code: refusal?.code.name, group: refusal?.group.rawValue,
                                      retryAfterS: seconds), headers: headers)
    }

    struct ErrorBody: Encodable {
        var error: String
        var code: String?
        var group: String?
        var retryAfterS: Double?
        enum CodingKeys: String, CodingKey { case error, code, group, retryAfterS = "retry_after_s" }
    }
}
