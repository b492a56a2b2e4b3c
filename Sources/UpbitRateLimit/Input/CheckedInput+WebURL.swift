import Foundation

extension CheckedInput {
    /// The longest URL accepted, bytes.
    public static let maximumURLBytes = 2_048

    /// The http(s) URL written in `text` (surrounding blanks removed): a host, a port in 1…65535 when one
    /// is written, at most ``maximumURLBytes``.
    public static func webURL(_ text: String, _ input: String) throws(InputError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= maximumURLBytes, let url = URL(string: trimmed),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              !(url.host ?? "").isEmpty, url.port.map({ (1...65_535).contains($0) }) ?? true
        else {
            let shown = text.count > 80 ? "\"\(text.prefix(80))…\" (\(text.utf8.count) bytes)" : "\"\(text)\""
            throw InputError(input: input, expectation: "an http(s) URL with a host (and a port in 1…65535)", given: shown)
        }
        return trimmed
    }
}
