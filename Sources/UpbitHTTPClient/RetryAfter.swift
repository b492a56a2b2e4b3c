import UpbitRateLimit

/// The `Retry-After` header (delay-seconds form), read through the checked conversion.
///
/// A number of seconds ≥ 0 (a fraction is accepted); longer than ``longest`` counts as
/// ``longest``. Anything else — `nan`, `inf`, negative, an HTTP date, junk — is nil, and the
/// caller falls back to its own backoff. Nothing a server sends can trap the client.
public enum RetryAfter {
    /// The longest delay honoured: one day.
    public static let longest: Double = 86_400

    /// The delay stated by `header`, or nil when it states none we can use.
    public static func parse(_ header: String?) -> Duration? {
        guard let header,
              let seconds = try? CheckedInput.number(header, "Retry-After", in: .closed(0, .greatestFiniteMagnitude))
        else { return nil }
        return try? CheckedInput.seconds(min(seconds, longest), "Retry-After", in: .closed(0, longest))
    }
}
