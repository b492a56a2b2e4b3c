// Key decoding and the console's key handling: every two bytes are one `wgetch` code, pressed on
// the in-memory terminal in whatever state the previous keys led to; some codes resize it.
@testable import LimiterConsole
import UpbitRateLimit

final class NoControl: LimiterControl {
    func setEmergency(enabled: Bool, duration: Duration?, correlationID: String?) async throws {}
    func resetRecovery(group: GroupID?, correlationID: String?) async throws {}
}

struct FixedReplay: ReplayControl {
    struct Refused: Error {}
    let status = ReplayStatus(start: 1_795_000_000, end: 1_795_003_600, position: 1_795_000_060,
                              marks: [.init(t: 1_795_000_030, label: "P1")])
    func perform(_ command: ReplayCommand) throws { if case .jump = command { throw Refused() } }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let terminal = MemoryTerminal(size: .init(columns: 80, rows: 24))
    let inbox = Inbox()
    let mode = bytes[0] % 4
    let loop = ConsoleLoop(terminal: terminal, label: "fuzz", control: mode == 1 ? nil : NoControl(),
                           replay: mode == 2 ? FixedReplay() : nil,
                           configuration: .init(themes: ThemeLibrary(directories: []), timeZone: .utc),
                           inbox: inbox)
    if mode != 3 { inbox.post(.update(.frame(FuzzFrames.sample))) }
    var index = 1
    while index + 1 < bytes.count {
        let code = Int32(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8))
        index += 2
        let key: Key
        if code < -1000 {
            // A resize to any size, the too-small screen included.
            terminal.size = TerminalSize(columns: Int(bytes[index - 2]), rows: Int(bytes[index - 1] & 0x7F))
            key = .resize
        } else {
            guard let decoded = Key(cursesCode: code) else { continue }
            key = decoded
        }
        precondition(!key.description.isEmpty)
        terminal.pendingKeys = [key]
        _ = loop.run(pollMilliseconds: 0, maxIterations: 2)
        precondition(terminal.screen.width == terminal.size.columns, "the screen was not redrawn after \(key)")
    }
    return 0
}
