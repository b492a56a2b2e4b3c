import UpbitRateLimit

/// `console --batch`: no screen, each update of a feed written as text or a JSON line,
/// for `watch`, cron and scripts over SSH (like `top -b`).
///
/// ```swift
/// let outcome = await BatchRunner(source: feed, iterations: 3, format: .json) { print($0, terminator: "") }.run()
/// exit(outcome.exitStatus)
/// ```
public struct BatchRunner: Sendable {
    /// The feed written.
    public let source: any StatusSource
    /// Updates to write before stopping (frames and disconnections both count); nil: until the feed ends.
    public let iterations: Int?
    /// Text or JSON lines.
    public let format: BatchFormat
    /// How times are written in text.
    public let textFormat: TextFormat
    /// While the feed is down (it says so once), the disconnection is written again every `refresh`.
    public let refresh: Duration
    private let write: @Sendable (String) -> Void

    /// A runner writing `iterations` updates of `source` in `format` through `write`.
    public init(source: any StatusSource, iterations: Int?, format: BatchFormat, textFormat: TextFormat = .init(),
                refresh: Duration = .milliseconds(500), write: @escaping @Sendable (String) -> Void) {
        self.source = source
        self.iterations = iterations.map { max(1, $0) }
        self.format = format
        self.textFormat = textFormat
        self.refresh = max(refresh, .milliseconds(10))
        self.write = write
    }

    private enum Item { case update(StatusUpdate), tick, end }

    /// Writes updates until `iterations` are out or the feed ends; a feed that stays down
    /// still writes one line per refresh, so `--iterations N` always ends.
    public func run() async -> BatchOutcome {
        let (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(16))
        let feed = Task { [source] in
            for await update in source.updates() { continuation.yield(.update(update)) }
            continuation.yield(.end)
        }
        let ticker = Task { [refresh] in
            while (try? await Task.sleep(for: refresh)) != nil { continuation.yield(.tick) }
        }
        defer { feed.cancel(); ticker.cancel(); continuation.finish() }
        var outcome = BatchOutcome()
        var down: StatusUpdate?
        var quietTicks = 0
        for await item in items {
            let update: StatusUpdate
            switch item {
            case .end: return outcome
            case .update(let next):
                update = next
                quietTicks = 0
                if case .disconnected = next { down = next } else { down = nil }
            case .tick:
                quietTicks += 1
                guard let repeated = down, quietTicks > 1 else { continue }
                update = repeated
            }
            write(format.render(update, format: textFormat))
            outcome.absorb(update)
            if let iterations, outcome.updates >= iterations { break }
        }
        return outcome
    }
}

/// What a batch run saw, and the exit status it maps to.
public struct BatchOutcome: Hashable, Sendable {
    /// Updates written.
    public private(set) var updates = 0
    /// Frames among them.
    public private(set) var frames = 0
    /// The most urgent alert active in any frame written; nil when none was.
    public private(set) var worstAlert: AlertLevel?

    /// An outcome of nothing seen yet.
    public init() {}

    mutating func absorb(_ update: StatusUpdate) {
        updates += 1
        guard case .frame(let frame) = update else { return }
        frames += 1
        for alert in frame.alerts where alert.state != .resolved {
            worstAlert = min(worstAlert ?? alert.level, alert.level)
        }
    }

    /// 0 no active alert, 1 P3, 2 P2, 3 P1, 4 P0 at worst; 5 when no frame came at all
    /// (feed unreachable or empty). Documented in `docs/CONSOLE.md`.
    public var exitStatus: Int32 {
        guard frames > 0 else { return 5 }
        switch worstAlert {
        case nil: return 0
        case .p3: return 1
        case .p2: return 2
        case .p1: return 3
        case .p0: return 4
        }
    }
}
