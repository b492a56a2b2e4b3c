import Synchronization
import UpbitRateLimit

/// Wakes one playback loop: when a control moves the player, or when the next frame is due.
///
/// A signal sent while nobody waits is kept, so a wake-up between a loop's decision and its
/// wait is never lost.
final class PlayerSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    /// Wakes the waiting loop, or the next wait.
    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let waiter = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next signal, at `deadline` on `clock` (if any), or when the task is cancelled.
    func wait(until deadline: Int64?, on clock: any LimiterClock) async {
        let timer = deadline.map { deadline in
            Task { [self] in
                guard (try? await clock.sleep(until: deadline)) != nil else { return }
                signal()
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
        timer?.cancel()
    }
}
