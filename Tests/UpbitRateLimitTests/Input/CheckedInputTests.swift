import Testing
import UpbitRateLimit

/// The checked conversion: every value outside the range, NaN, ±inf and junk text is an error naming
/// the input; nothing traps (the inputs below trapped `Int64(x * 1e9)` before).
@Suite struct CheckedInputTests {
    @Test func convertsSecondsAndMillisecondsInRange() throws {
        #expect(try CheckedInput.seconds(1.5, "timeout", in: .closed(0, 3600)) == .milliseconds(1500))
        #expect(try CheckedInput.seconds(" 2 ", "timeout", in: .closed(0, 3600)) == .seconds(2))
        #expect(try CheckedInput.milliseconds(250, "interval_ms", in: .closed(50, 60_000)) == .milliseconds(250))
        #expect(try CheckedInput.milliseconds("1e3", "interval_ms", in: .closed(50, 60_000)) == .seconds(1))
        #expect(try CheckedInput.seconds(0, "timeout", in: .closed(0, 3600)) == .zero)
    }

    @Test(arguments: [1e10, 1e300, -1, .nan, .infinity, -.infinity, 3600.000001])
    func refusesSecondsOutsideTheRange(value: Double) {
        #expect(throws: InputError.self) { try CheckedInput.seconds(value, "timeout", in: .closed(0, 3600)) }
    }

    @Test(arguments: ["9223372036854775807", "1e300", "nan", "inf", "-inf", "0x10", "", "12ms", "49", "60001"])
    func refusesMillisecondTextOutsideTheRange(text: String) {
        #expect(throws: InputError.self) { try CheckedInput.milliseconds(text, "interval_ms", in: .closed(50, 60_000)) }
    }

    @Test func errorsNameTheInputTheRangeAndTheValue() {
        #expect(throws: InputError(input: "timeout", expectation: "a number of seconds in [0, 3600]", given: "10000000000")) {
            try CheckedInput.seconds(1e10, "timeout", in: .closed(0, 3600))
        }
        #expect(throws: InputError(input: "--latency-ms", expectation: "a number of milliseconds in [0, 60000]", given: "1e+300")) {
            try CheckedInput.milliseconds(1e300, "--latency-ms", in: .closed(0, 60_000))
        }
        let error = InputError(input: "X_RPS", expectation: "a number in (0, 10000]", given: "\"abc\"")
        #expect(error.description == "X_RPS: must be a number in (0, 10000], got \"abc\"")
    }

    @Test func aWideRangeStillCannotOverflowADuration() {
        let everything = InputRange.closed(-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        #expect(throws: InputError.self) { try CheckedInput.seconds(9_223_372_037, "Retry-After", in: everything) }
        #expect(throws: InputError.self) { try CheckedInput.milliseconds(9.3e18, "ms", in: everything) }
        #expect((try? CheckedInput.seconds(CheckedInput.maximumSeconds, "s", in: everything)) == .seconds(1_000_000_000))
    }

    @Test func countsMustBeWholeAndInRange() throws {
        #expect(try CheckedInput.count(7, "burst", in: 1...100) == 7)
        #expect(try CheckedInput.count(7.0, "burst", in: 1...100) == 7)
        #expect(try CheckedInput.count(" 7", "burst", in: 1...100) == 7)
        for bad: Double in [0, 101, 7.5, .nan, .infinity, 9.3e18, -9.3e18] {
            #expect(throws: InputError.self) { try CheckedInput.count(bad, "burst", in: 1...100) }
        }
        #expect(throws: InputError.self) { try CheckedInput.count(9.223372036854775807e18, "n", in: 0...Int.max) }
        #expect(throws: InputError.self) { try CheckedInput.count("1e2", "burst", in: 1...1000) }
        #expect(throws: InputError.self) { try CheckedInput.count("99999999999999999999", "burst", in: 1...1000) }
    }

    @Test func ratiosDefaultToAPositiveShareUpToOne() throws {
        #expect(try CheckedInput.ratio(1, "factor") == 1)
        #expect(try CheckedInput.ratio(0.25, "factor") == 0.25)
        for bad: Double in [0, -0.1, 1.01, .nan] {
            #expect(throws: InputError.self) { try CheckedInput.ratio(bad, "factor") }
        }
        #expect(try CheckedInput.ratio(0, "rate", in: .closed(0, 1)) == 0)
    }

    @Test func rangesPrintAsInTheDocs() {
        #expect(InputRange.closed(0, 3600).description == "[0, 3600]")
        #expect(InputRange.above(0, through: 1).description == "(0, 1]")
        #expect(InputRange(0, 1000, upperOpen: true).description == "[0, 1000)")
        #expect(InputRange.closed(0.05, 1e6).description == "[0.05, 1000000]")
    }
}
