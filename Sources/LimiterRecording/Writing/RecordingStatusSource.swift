import UpbitRateLimit

/// A ``StatusSource`` that records every frame of another source as it passes through.
///
/// Use it for `console --record FILE` and `serve --record FILE`: the frames are written
/// before they are handed on, so what the recording holds does not depend on how fast
/// the viewer consumes.
public struct RecordingStatusSource: StatusSource {
    /// The recorded feed.
    public let base: any StatusSource
    /// Where its frames go.
    public let recorder: StatusRecorder

    /// Tees `base` into `recorder`.
    public init(base: any StatusSource, recorder: StatusRecorder) {
        self.base = base
        self.recorder = recorder
    }

    /// The label of the recorded feed.
    public var label: String { base.label }

    /// The updates of `base`; each frame is recorded before it is yielded.
    public func updates() -> AsyncStream<StatusUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusUpdate.self, bufferingPolicy: .bufferingNewest(8))
        let upstream = base.updates()
        let task = Task { [recorder] in
            for await update in upstream {
                if case .frame(let frame) = update { recorder.record(frame) }
                continuation.yield(update)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

extension StatusSource {
    /// This source, with every frame also written to `recorder`.
    public func recording(to recorder: StatusRecorder) -> RecordingStatusSource {
        RecordingStatusSource(base: self, recorder: recorder)
    }
}
