import Synchronization
import UpbitRateLimit

/// What other tasks hand to the console's UI thread.
enum InboxItem: Sendable {
    /// A feed update of host `host` (0 without a fleet).
    case update(StatusUpdate, host: Int = 0)
    case message(String, Role)
}

/// A mailbox from the async world (feed, control calls) to the UI thread, which drains
/// it every time it wakes.
final class Inbox: Sendable {
    private let items = Mutex<[InboxItem]>([])

    func post(_ item: InboxItem) { items.withLock { $0.append(item) } }

    /// Everything posted since the last call, oldest first.
    func drain() -> [InboxItem] { items.withLock { items in defer { items.removeAll() }; return items } }
}
