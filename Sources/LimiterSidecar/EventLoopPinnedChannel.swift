import HummingbirdCore
import Logging
import NIOCore

/// A `TaskExecutor` running its jobs on one NIO event loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A child channel whose connection task prefers the connection's own event loop as its executor.
///
/// Hummingbird handles each connection in a task on the global concurrent executor: every request then
/// hops from the event loop to that pool and every write back, two thread wake-ups per round trip. Here the
/// task runs on the event loop that reads and writes the socket, so an answer that does not suspend
/// (a granted acquire, a report) is written in the same loop turn that read the request. Handlers must not
/// block: they hold up every connection of that loop.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's task pinned to its event loop (``EventLoopPinnedChannel``).
    static func http1PinnedToEventLoop(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in EventLoopPinnedChannel(base: HTTP1Channel(responder: responder, configuration: configuration)) }
    }
}
