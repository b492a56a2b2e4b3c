/// An outside input (HTTP field, query parameter, header, variable, flag, file key) that failed
/// a checked conversion.
///
/// The description names the input, what is accepted and what was given:
/// `timeout: must be a number of seconds in [0, 3600], got 1e10`.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input's name as the user wrote it: `timeout`, `--latency-ms`, `UPBIT_RATE_LIMIT_TICKER_RPS`.
    public let input: String
    /// What is accepted: `a number of seconds in [0, 3600]`.
    public let expectation: String
    /// The value given, as text.
    public let given: String

    /// An error for `input`, which must be `expectation` and was `given`.
    public init(input: String, expectation: String, given: String) {
        self.input = input
        self.expectation = expectation
        self.given = given
    }

    /// `must be … , got …` without the input's name (for messages that name it their own way).
    public var reason: String { "must be \(expectation), got \(given)" }

    public var description: String { "\(input): \(reason)" }
}
