import Synchronization
import UpbitRateLimit

/// A recording played back as a live feed: a ``StatusSource`` with VCR controls.
///
/// Frames come at the recorded pace times ``speed`` on the injected clock. Controls
/// (``togglePause()``, ``faster()``, ``stepForward()``, ``seek(by:)``, ``jump(to:)``, …) are
/// thread-safe and may be called from a key loop while streams run; every stream shows the
/// new position at once. At the last frame playback pauses and each stream yields
/// `.ended(reason:)` once, staying open, so that rewinding or seeking plays on; a stream
/// finishes when its consuming task is cancelled (or at the end with
/// ``Configuration/finishAtEnd``).
public final class ReplayPlayer: StatusSource {
    /// How playback starts.
    public struct Configuration: Sendable {
        /// Initial speed (clamped to ``ReplaySpeed/steps``' range).
        public var speed: Double
        /// Start paused on the first frame.
        public var startPaused: Bool
        /// Finish each stream after yielding `.ended` (for non-interactive consumers).
        public var finishAtEnd: Bool

        /// A configuration; every argument has a default.
        public init(speed: Double = 1, startPaused: Bool = false, finishAtEnd: Bool = false) {
            self.speed = speed
            self.startPaused = startPaused
            self.finishAtEnd = finishAtEnd
        }
    }

    /// The open recording.
    public let reader: RecordingReader
    /// `replay FILE`.
    public let label: String
    let clock: any LimiterClock
    private let configuration: Configuration
    let machine: Mutex<PlaybackMachine>
    private let listeners = Mutex<(next: Int, signals: [Int: PlayerSignal])>((0, [:]))

    /// A player of `reader` on `clock`.
    public init(reader: RecordingReader, clock: any LimiterClock = SystemLimiterClock(),
                configuration: Configuration = .init()) {
        self.reader = reader
        self.clock = clock
        self.configuration = configuration
        label = "replay \(reader.path)"
        machine = Mutex(PlaybackMachine(reader: reader, now: clock.now(), speed: configuration.speed,
                                        paused: configuration.startPaused))
    }

    /// Opens the recording at `path` and makes a player of it.
    ///
    /// - Throws: ``RecordingError`` naming the file (see ``RecordingReader/init(path:)``).
    public convenience init(path: String, clock: any LimiterClock = SystemLimiterClock(),
                            configuration: Configuration = .init()) throws {
        self.init(reader: try RecordingReader(path: path), clock: clock, configuration: configuration)
    }

    /// Frames from the current position on, as the player moves.
    public func updates() -> AsyncStream<StatusUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusUpdate.self, bufferingPolicy: .bufferingNewest(4))
        let signal = PlayerSignal()
        let id = listeners.withLock { l in
            l.next += 1
            l.signals[l.next] = signal
            return l.next
        }
        let task = Task { [self] in
            await play(into: continuation, signal: signal)
            listeners.withLock { _ = $0.signals.removeValue(forKey: id) }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// One stream's loop: show the position when it changes, then wait for the next frame or a control.
    private func play(into continuation: AsyncStream<StatusUpdate>.Continuation, signal: PlayerSignal) async {
        var shown: (frame: Int, revision: UInt64)?
        var endedAt: UInt64?
        var lastDirection = 1
        while !Task.isCancelled {
            let now = clock.now()
            let (frame, revision, atEnd, deadline) = machine.withLock { m in
                m.tick(now: now)
                return (m.frame, m.revision, m.atEnd, m.nextDeadline())
            }
            if shown?.frame != frame || shown?.revision != revision {
                if let previous = shown?.frame { lastDirection = frame < previous ? -1 : 1 }
                if let found = reader.decodableFrame(from: frame, direction: lastDirection)
                    ?? reader.decodableFrame(from: frame, direction: -lastDirection) {
                    continuation.yield(.frame(found.frame))
                }
                shown = (frame, revision)
            }
            if atEnd, endedAt != revision {
                endedAt = revision
                continuation.yield(.ended(reason: "end of recording"))
                if configuration.finishAtEnd { return }
            }
            await signal.wait(until: deadline, on: clock)
        }
    }

    /// Wakes every stream after a control.
    func notifyListeners() {
        for signal in listeners.withLock({ Array($0.signals.values) }) { signal.signal() }
    }
}
