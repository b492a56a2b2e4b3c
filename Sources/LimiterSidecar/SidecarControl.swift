import AsyncHTTPClient
import Foundation
import NIOCore
import UpbitRateLimit

/// Operator commands sent to a remote sidecar as authenticated POSTs.
///
/// A 401 answer throws ``SidecarClientError`` "not authorised"; other failures carry the
/// server's error message.
public struct SidecarControl: LimiterControl {
    /// The sidecar's base URL, e.g. `http://127.0.0.1:8089`.
    public let baseURL: String
    private let token: String
    private let client: HTTPClient

    /// A control for the sidecar at `baseURL` using bearer `token`.
    public init(baseURL: String, token: String, client: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.client = client
    }

    public func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws {
        let body = EmergencyRequest(enabled: enabled, durationS: duration.map { Double($0.nanoseconds) / 1e9 },
                                    correlationID: correlationID)
        try await post("/v1/control/emergency", body)
    }

    public func resetRecovery(group: GroupID?, correlationID: String?) async throws {
        try await post("/v1/control/reset-recovery", ResetRecoveryRequest(group: group?.rawValue, correlationID: correlationID))
    }

    private func post<Body: Encodable>(_ path: String, _ body: Body) async throws {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response: HTTPClientResponse
        do { response = try await client.execute(request, timeout: .seconds(5)) } catch {
            throw SidecarClientError("sidecar unreachable: \(error)")
        }
        let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
        switch response.status.code {
        case 200..<300: return
        case 401: throw SidecarClientError("not authorised")
        default: throw SidecarClientError("sidecar answered \(response.status.code): \(text)")
        }
    }
}
