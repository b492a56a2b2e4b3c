import HTTPTypes
import Hummingbird

/// Answers `405 Method Not Allowed` (with `Allow`) for a route's path called with another method,
/// instead of the router's 404: the path exists, the method does not.
struct SidecarMethodGuard<Context: RequestContext>: RouterMiddleware {
    /// Each route's path and its one method.
    let methods: [String: HTTPRequest.Method]

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let allowed = methods[request.uri.path], allowed != request.method else {
            return try await next(request, context)
        }
        var response = SidecarResponse.error(.methodNotAllowed, "method: \(request.uri.path) takes \(allowed) only")
        response.headers[.allow] = allowed.rawValue
        return response
    }
}
