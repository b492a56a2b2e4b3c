import ExchangeSimulation
import Synchronization
import UpbitEmulator
import UpbitHTTPClient
import UpbitRateLimit

/// An emulator on an ephemeral loopback port for the length of one test.
struct EmulatorHarness {
    let emulator: UpbitEmulator
    let baseURL: String
    private let task: Task<Void, any Error>

    /// Starts an emulator and waits until it listens.
    static func start(_ configuration: EmulatorConfiguration = .init(port: 0)) async throws -> EmulatorHarness {
        let emulator = UpbitEmulator(configuration: configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await emulator.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return EmulatorHarness(emulator: emulator, baseURL: "http://127.0.0.1:\(port)", task: task)
    }

    /// A client of this emulator through `gate`, signed as pocket `accessKey`, no retries after 429.
    func client(_ gate: any RequestGate, accessKey: String = "bot-1") -> UpbitClient {
        UpbitClient(gate: gate, configuration: .init(baseURL: baseURL, signer: UpbitSigner(accessKey: accessKey, secretKey: "s"),
                                                     retriesAfter429: 0))
    }

    /// 429s and 418s the exchange answered, over every group.
    var refusals: (tooMany429: Int, blocked418: Int) {
        emulator.exchange.stats().values.reduce((0, 0)) { ($0.0 + $1.tooMany429, $0.1 + $1.blocked418) }
    }

    func stop() { task.cancel() }
}

/// The usual "rate N, burst N" bucket (GCRA with tolerance (N-1)/N s): releases 19 in its first second.
final class NaiveBucketGate: RequestGate {
    private let emission: Duration
    private let tolerance: Duration
    private let tat = Mutex<ContinuousClock.Instant?>(nil)

    init(rate: Int) {
        emission = .seconds(1) / rate
        tolerance = emission * (rate - 1)
    }

    func admit(endpoint: String, method: String, timeout: Duration?, answerWithin: Duration) async throws -> GatePermit? {
        let now = ContinuousClock.now
        let at = tat.withLock { tat -> ContinuousClock.Instant in
            let at = max(now, (tat ?? now) - tolerance)
            tat = max(tat ?? now, at) + emission
            return at
        }
        try await Task.sleep(until: at, clock: .continuous)
        return nil
    }

    func report(_ permit: GatePermit?, endpoint: String, method: String, status: Int, remainingReq: String?,
                blockFor: Duration?) async {}

    func releaseUnsent(_ permit: GatePermit?) async {}

    func abandon(_ permit: GatePermit?) async {}
}
