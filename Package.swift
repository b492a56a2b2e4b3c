// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "upbit-limiter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "upbit-limiter", targets: ["upbit-limiter"]),
        .library(name: "UpbitRateLimit", targets: ["UpbitRateLimit"]),
        .library(name: "UpbitHTTPClient", targets: ["UpbitHTTPClient"]),
    ],
    // `swift build --traits OTLP`: the OTLP/HTTP span exporter (swift-otel, with swift-protobuf). Off by
    // default, so the default build and every CI run neither fetch nor compile it (docs/OBSERVABILITY.md).
    traits: [
        .trait(name: "OTLP", description: "Export spans over OTLP/HTTP with swift-otel (serve --otlp-endpoint)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // Only the OTLP/HTTP exporter (its gRPC one is a trait of its own, left off).
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // MARK: Core (no NIO, no UI)
        .target(
            name: "UpbitRateLimit",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "UpbitRateLimitTestKit",
            dependencies: [
                "UpbitRateLimit", .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ExchangeSimulation",
            dependencies: ["UpbitRateLimit", .product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: strict
        ),
        .target(name: "LimiterRecording", dependencies: ["UpbitRateLimit"], swiftSettings: strict),
        // Load generators for `bench`/`emulate --saturate` and the end-to-end tests, outside the library products.
        .target(name: "LimiterBenchmarks", dependencies: ["UpbitHTTPClient", "UpbitRateLimit"], swiftSettings: strict),

        // MARK: Console
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(
            name: "LimiterConsole",
            dependencies: ["UpbitRateLimit", "CNcurses", "LimiterRecording"],
            swiftSettings: strict
        ),

        // MARK: HTTP parts
        .target(
            name: "UpbitHTTPClient",
            dependencies: [
                "UpbitRateLimit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LimiterSidecar",
            dependencies: [
                "UpbitRateLimit",
                "LimiterRecording",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "UpbitEmulator",
            dependencies: [
                "ExchangeSimulation", "UpbitRateLimit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // MARK: Shared store (several hosts on one account)
        .target(
            name: "LimiterSharedStore",
            dependencies: [
                "UpbitRateLimit",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: Span export (swift-otel only with the OTLP trait)
        .target(
            name: "LimiterTelemetry",
            dependencies: [
                "UpbitRateLimit",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "OTel", package: "swift-otel", condition: .when(traits: ["OTLP"])),
            ],
            swiftSettings: strict
        ),

        // MARK: The one executable
        .executableTarget(
            name: "upbit-limiter",
            dependencies: [
                "UpbitRateLimit", "ExchangeSimulation", "LimiterConsole", "LimiterRecording",
                "LimiterSidecar", "UpbitEmulator", "UpbitHTTPClient", "LimiterSharedStore", "LimiterBenchmarks",
                "LimiterTelemetry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        .testTarget(
            name: "UpbitRateLimitTests",
            dependencies: [
                "UpbitRateLimit", "UpbitRateLimitTestKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "LimiterSharedStoreTests",
            dependencies: [
                "LimiterSharedStore", "UpbitRateLimitTestKit",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ExchangeSimulationTests", dependencies: ["ExchangeSimulation", "UpbitRateLimitTestKit"]),
        .testTarget(name: "LimiterRecordingTests", dependencies: ["LimiterRecording", "UpbitRateLimitTestKit"]),
        // Snapshot fixtures are read by path (#filePath), not as bundle resources.
        .testTarget(name: "LimiterConsoleTests", dependencies: ["LimiterConsole", "UpbitRateLimitTestKit"],
                    exclude: ["Fixtures"]),
        .testTarget(
            name: "LimiterSidecarTests",
            dependencies: [
                "LimiterSidecar", "UpbitRateLimitTestKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "LimiterTelemetryTests",
            dependencies: ["LimiterTelemetry", "UpbitRateLimit"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "UpbitEmulator", "UpbitHTTPClient", "UpbitRateLimitTestKit", "ExchangeSimulation", "LimiterBenchmarks",
                "LimiterSidecar", "LimiterTelemetry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
    ]
)
