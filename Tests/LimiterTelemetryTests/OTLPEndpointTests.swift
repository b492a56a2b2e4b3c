import LimiterTelemetry
import Testing
import UpbitRateLimit

/// `--otlp-endpoint` and the `OTEL_EXPORTER_OTLP_*ENDPOINT` variables, through the checked conversion.
@Suite struct OTLPEndpointTests {
    @Test func nothingAskedForIsNoEndpoint() throws {
        #expect(try OTLPEndpoint.resolve(flag: nil, environment: [:]) == nil)
        #expect(try OTLPEndpoint.resolve(flag: nil, environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": ""]) == nil)
    }

    @Test func baseURLsGetTheTracesPathAndTheTracesVariableIsUsedAsIs() throws {
        let flag = try #require(try OTLPEndpoint.resolve(flag: " http://127.0.0.1:4318 ", environment: [:]))
        #expect(flag.tracesURL == "http://127.0.0.1:4318/v1/traces" && flag.input == "--otlp-endpoint")
        let base = try #require(try OTLPEndpoint.resolve(flag: nil, environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example:4318/"]))
        #expect(base.tracesURL == "https://otel.example:4318/v1/traces")
        let traces = try #require(try OTLPEndpoint.resolve(flag: nil, environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:9999/spans",
        ]))
        #expect(traces.tracesURL == "http://b:9999/spans" && traces.input == "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        // The flag agreeing with the environment is accepted.
        #expect(try OTLPEndpoint.resolve(flag: "http://a:4318/", environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318"])?.input
                == "--otlp-endpoint")
    }

    @Test(arguments: [
        ("--otlp-endpoint", "127.0.0.1:4318"), ("--otlp-endpoint", "ftp://collector"), ("--otlp-endpoint", "http://"),
        ("--otlp-endpoint", "http://h:70000"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "grpc://h:4317"),
        ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not a url"),
    ])
    func aBadValueIsRefusedNamingItsInput(input: String, value: String) {
        let flag = input.hasPrefix("--") ? value : nil
        let environment = input.hasPrefix("--") ? [:] : [input: value]
        #expect {
            try OTLPEndpoint.resolve(flag: flag, environment: environment)
        } throws: { error in
            "\(error)".hasPrefix("\(input): must be an http(s) URL") && "\(error)".contains(value)
        }
    }

    /// swift-otel applies the variables over the configuration: a flag that disagrees is refused, not lost.
    @Test func aFlagThatTheEnvironmentWouldOverrideIsRefused() {
        #expect {
            try OTLPEndpoint.resolve(flag: "http://127.0.0.1:4318", environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"])
        } throws: { error in
            "\(error)".hasPrefix("--otlp-endpoint: must be the endpoint OTEL_EXPORTER_OTLP_ENDPOINT names")
        }
    }

    #if !OTLP
    @Test func theDefaultBuildSaysHowToGetTheExporter() throws {
        let endpoint = try #require(try OTLPEndpoint.resolve(flag: "http://127.0.0.1:4318", environment: [:]))
        #expect(!OTLPTracing.isBuiltIn)
        #expect {
            try OTLPTracing.make(endpoint)
        } throws: { error in
            "\(error)".hasPrefix("--otlp-endpoint: this build has no OTLP exporter") && "\(error)".contains("--traits OTLP")
        }
    }
    #endif
}
