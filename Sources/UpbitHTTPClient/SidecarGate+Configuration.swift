import AsyncHTTPClient
import Foundation
import Tracing

extension SidecarGate {
    /// Where the sidecar listens, its bot token and the gate's waits. Every property but the address has a default.
    public struct Configuration: Sendable {
        /// The sidecar's TCP base URL or Unix-domain socket.
        public enum Address: Hashable, Sendable, CustomStringConvertible {
            /// `http://HOST:PORT` (`upbit-limiter serve --host --port`).
            case http(String)
            /// The path of `upbit-limiter serve --unix-socket`: the lowest-latency transport on the host.
            case unixSocket(String)

            /// The URL of `path` (starting with `/`) on the sidecar.
            func url(_ path: String) -> String {
                switch self {
                case .http(let base): return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
                case .unixSocket(let socket): return URL(httpURLWithSocketPath: socket, uri: path)?.absoluteString ?? ""
                }
            }

            /// Throws ``SidecarGateError/Code/invalidAddress`` unless the address can be connected to.
            func check() throws(SidecarGateError) {
                switch self {
                case .http(let base):
                    guard let url = URL(string: base), url.scheme == "http", url.host?.isEmpty == false,
                          url.path.isEmpty || url.path == "/", url.query == nil else {
                        throw SidecarGateError(.invalidAddress, "sidecar URL '\(base.prefix(200))': expected http://HOST:PORT")
                    }
                case .unixSocket(let path):
                    guard !path.isEmpty, path.utf8.count <= Self.longestSocketPath,
                          URL(httpURLWithSocketPath: path, uri: "/") != nil else {
                        throw SidecarGateError(.invalidAddress,
                                               "sidecar socket '\(path.prefix(200))': expected a path of 1…\(Self.longestSocketPath) bytes")
                    }
                }
            }

            /// `sockaddr_un`'s path capacity without the terminating zero.
            static let longestSocketPath = 107

            public var description: String {
                switch self {
                case .http(let base): base
                case .unixSocket(let path): "unix socket \(path)"
                }
            }
        }

        /// The sidecar.
        public var address: Address
        /// The bot token (`serve --bot-token-file`; always needed off loopback), sent as `Authorization: Bearer`.
        public var token: String?
        /// The longest wait for a permit when the client gives no acquire timeout.
        public var defaultTimeout: Duration
        /// The longest a report or release may take, and the slack given to an acquire's answer beyond its wait.
        public var callTimeout: Duration
        /// Connections kept for acquires; acquires beyond it queue in the gate.
        public var maxWaitingAcquires: Int
        /// Which tracer's context each call carries to the sidecar as `traceparent`.
        public enum Tracing: Sendable {
            /// The tracer bootstrapped (`InstrumentationSystem`) when the gate is made.
            case bootstrapped
            /// No trace is sent.
            case none
            /// This tracer.
            case tracer(any Tracer)
        }

        /// The tracer whose context each call carries (AsyncHTTPClient injects it and makes a client span).
        public var tracing: Tracing

        /// The sidecar at `address`: 30 s default wait, 2 s per call, up to 256 waiting acquires.
        public init(address: Address, token: String? = nil, defaultTimeout: Duration = .seconds(30),
                    callTimeout: Duration = .seconds(2), maxWaitingAcquires: Int = 256,
                    tracing: Tracing = .bootstrapped) {
            self.address = address
            self.token = token
            self.defaultTimeout = defaultTimeout
            self.callTimeout = callTimeout
            self.maxWaitingAcquires = max(1, maxWaitingAcquires)
            self.tracing = tracing
        }

        /// The tracer the gate's HTTP clients use, resolved when the gate is made.
        var resolvedTracer: (any Tracer)? {
            switch tracing {
            case .bootstrapped: InstrumentationSystem.tracer
            case .none: nil
            case .tracer(let tracer): tracer
            }
        }
    }
}
