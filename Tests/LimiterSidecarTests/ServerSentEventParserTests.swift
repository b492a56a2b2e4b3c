@testable import LimiterSidecar
import Testing

/// The remote console's SSE parser against hostile servers: bounded memory, never a trap.
@Suite struct ServerSentEventParserTests {
    @Test func aLineWithoutEndIsRefusedAtTheCap() throws {
        var parser = ServerSentEventParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var error: SidecarClientError?
        for _ in 0..<8 where error == nil {
            do { _ = try parser.feed(chunk) } catch let caught { error = caught }
        }
        #expect(error?.message == "status stream: an event over 4 MiB")
    }

    @Test func anEndlessEventOfManyLinesIsRefusedAtTheCap() {
        var parser = ServerSentEventParser()
        let line = Array("data: ".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 1000) + [UInt8(ascii: "\n")]
        #expect(throws: SidecarClientError.self) {
            for _ in 0..<5000 { _ = try parser.feed(line) }
        }
    }

    @Test func eventsUnderTheCapPassWhole() throws {
        var parser = ServerSentEventParser()
        let payload = [UInt8](repeating: UInt8(ascii: "z"), count: 3 << 20)
        let events = try parser.feed(Array("data: ".utf8) + payload + Array("\n\nevent: x\n: comment\n\n".utf8))
        #expect(events == [payload])
    }
}
