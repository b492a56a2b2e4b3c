import Foundation

/// One sidecar of a fleet: its base URL and, for control keys, the file with its token.
public struct HostEntry: Hashable, Sendable {
    /// `http://HOST:PORT`, checked by ``HostList/check(url:)``.
    public var url: String
    /// The bearer token file for this host; nil: read-only.
    public var tokenFile: String?

    /// A host at `url`, with control when `tokenFile` is given.
    public init(url: String, tokenFile: String? = nil) {
        self.url = url
        self.tokenFile = tokenFile
    }
}

/// The hosts of `console --hosts FILE` and repeated `--connect URL`: checked before anything starts.
///
/// File format: one host per line, `URL [TOKEN_FILE]`; blank lines and `#` comments are
/// skipped. Errors name the file and line.
public enum HostList {
    /// The most hosts one console watches.
    public static let maximum = 16

    /// The hosts in `text` (the contents of `file`).
    public static func parse(_ text: String, file: String) throws(HostListError) -> [HostEntry] {
        var hosts: [HostEntry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count <= 2 else {
                throw HostListError("\(file):\(index + 1): expected 'URL [TOKEN_FILE]', found \(fields.count) fields")
            }
            if let problem = check(url: fields[0]) { throw HostListError("\(file):\(index + 1): \(problem)") }
            hosts.append(HostEntry(url: fields[0], tokenFile: fields.count == 2 ? fields[1] : nil))
        }
        try checkCount(hosts, source: file)
        return hosts
    }

    /// Why `hosts` cannot be watched (none, too many, the same URL twice), if so.
    public static func checkCount(_ hosts: [HostEntry], source: String) throws(HostListError) {
        guard !hosts.isEmpty else { throw HostListError("\(source): no hosts") }
        guard hosts.count <= maximum else {
            throw HostListError("\(source): \(hosts.count) hosts, at most \(maximum)")
        }
        var seen = Set<String>()
        for host in hosts where !seen.insert(host.url).inserted {
            throw HostListError("\(source): \(host.url) is listed twice")
        }
    }

    /// Why `url` is not a sidecar base URL (`http://HOST:PORT`, `https://…`), or nil when it is.
    public static func check(url: String) -> String? {
        guard url.count <= 2048, let parts = URLComponents(string: url) else { return "'\(url)': not a URL" }
        guard let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "'\(url)': the scheme must be http or https"
        }
        guard let host = parts.host, !host.isEmpty else { return "'\(url)': no host" }
        if let port = parts.port, !(1...65535).contains(port) { return "'\(url)': port \(port) is not in 1-65535" }
        guard parts.query == nil, parts.fragment == nil, parts.path.isEmpty || parts.path == "/" else {
            return "'\(url)': give the base URL only (no path, query or fragment)"
        }
        return nil
    }
}

/// A hosts file or `--connect` URL that cannot be used; the message names the file and line or the URL.
public struct HostListError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, and where.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
