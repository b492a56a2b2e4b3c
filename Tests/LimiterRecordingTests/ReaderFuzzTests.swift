import Foundation
import LimiterRecording
import Testing

@Suite struct ReaderFuzzTests {
    /// A seeded generator so failures reproduce.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    /// Opens, seeks everywhere, and summarises; any outcome but a crash is fine.
    private func exercise(_ path: String) {
        guard let reader = try? RecordingReader(path: path) else { return }
        for i in 0..<reader.frameCount { _ = reader.frame(at: i) }
        _ = RecordingSummary(reader: reader).render()
        let player = ReplayPlayer(reader: reader)
        player.seek(by: -10)
        player.end()
        player.stepBackward()
        _ = player.state
    }

    @Test func randomBytesNeverCrash() throws {
        var random = Random(state: 1)
        let path = temporaryPath()
        for round in 0..<200 {
            let count = Int.random(in: 0...4096, using: &random)
            var junk = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if round % 2 == 0 {  // a valid header, then junk: gets past the first check
                junk = Array("{\"format\":\"upbit-limiter-recording\",\"v\":1,\"started\":1,\"source\":\"x\"}\n".utf8) + junk
            }
            try write(junk, to: path)
            exercise(path)
        }
    }

    @Test func mutatedRecordingsNeverCrash() throws {
        let original = try bytes(try fixture(frames: 40, operatorEvery: 5))
        var random = Random(state: 2)
        let path = temporaryPath()
        let alphabet = Array("{}[]\":,\\tn0123456789.-e \n".utf8)
        for _ in 0..<150 {
            var mutated = original
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                let at = Int.random(in: 0..<mutated.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: mutated[at] = alphabet.randomElement(using: &random)!
                case 1: mutated.remove(at: at)
                default: mutated.insert(UInt8.random(in: 0...255, using: &random), at: at)
                }
            }
            if Bool.random(using: &random) { mutated = Array(mutated.prefix(Int.random(in: 0..<mutated.count, using: &random))) }
            try write(mutated, to: path)
            exercise(path)
        }
    }
}
