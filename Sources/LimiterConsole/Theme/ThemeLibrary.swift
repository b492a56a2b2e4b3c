import Foundation

/// Finds and loads themes: `themes/*.theme` files in a list of directories, plus the
/// built-in `default` and `mono` so the console never fails for lack of files.
public struct ThemeLibrary: Sendable {
    /// Directories searched, first match wins.
    public var directories: [String]

    /// A library searching `directories`.
    public init(directories: [String]) { self.directories = directories }

    /// The usual search path: `$UPBIT_LIMITER_THEMES`, `./themes`, `~/.config/upbit-limiter/themes`,
    /// then `themes/` (or `share/upbit-limiter/themes/`) beside the executable or up to five
    /// directories above it — which finds the repository's `themes/` from `.build/…/debug`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                currentDirectory: String = FileManager.default.currentDirectoryPath,
                                executable: String? = try? FileManager.default.destinationOfSymbolicLink(
                                    atPath: "/proc/self/exe")) -> ThemeLibrary {
        var directories: [String] = []
        if let custom = environment["UPBIT_LIMITER_THEMES"], !custom.isEmpty { directories.append(custom) }
        directories.append(currentDirectory + "/themes")
        if let home = environment["HOME"] { directories.append(home + "/.config/upbit-limiter/themes") }
        if let executable {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0...5 {
                directories.append(directory.appendingPathComponent("themes").path)
                directories.append(directory.appendingPathComponent("share/upbit-limiter/themes").path)
                directory.deleteLastPathComponent()
            }
        }
        return ThemeLibrary(directories: directories)
    }

    /// The built-in default theme.
    public static let builtInDefault = builtIn("default", embeddedDefault)
    /// The built-in attribute-only theme.
    public static let builtInMono = builtIn("mono", embeddedMono)

    private static func builtIn(_ name: String, _ text: String) -> Theme {
        // The embedded texts are checked by the tests, so parsing cannot fail.
        (try? ThemeParser.parse(text, name: name, file: "built-in")) ?? Theme(name: name, origin: "built-in", styles: [:])
    }

    /// Theme names found, `default` first, then the others alphabetically (each name once).
    public func available() -> [String] {
        var names: Set<String> = ["default", "mono"]
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".theme") { names.insert(String(file.dropLast(6))) }
        }
        return ["default"] + names.subtracting(["default"]).sorted()
    }

    /// Loads the theme named `nameOrPath` (a path when it contains `/` or ends in `.theme`).
    ///
    /// A name with no file falls back to the built-in `default` and `mono`.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            let name = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw ThemeError(code: .notFound, file: nameOrPath, message: "no such file")
            }
            return try Self.loadFile(nameOrPath, name: name)
        }
        for directory in directories {
            let path = directory + "/" + nameOrPath + ".theme"
            if FileManager.default.fileExists(atPath: path) { return try Self.loadFile(path, name: nameOrPath) }
        }
        switch nameOrPath {
        case "default": return Self.builtInDefault
        case "mono": return Self.builtInMono
        default: throw .notFound(nameOrPath, available: available())
        }
    }

    /// The largest theme file read (a theme is a few hundred bytes; `/dev/zero` is not a theme).
    public static let maximumFileBytes = 64 * 1024

    static func loadFile(_ path: String, name: String) throws(ThemeError) -> Theme {
        guard let file = FileHandle(forReadingAtPath: path) else { throw .unreadable(path) }
        defer { try? file.close() }
        guard let data = try? file.read(upToCount: maximumFileBytes + 1) ?? Data() else { throw .unreadable(path) }
        guard data.count <= maximumFileBytes else {
            throw ThemeError(code: .unreadable, file: path, message: "larger than \(maximumFileBytes / 1024) KiB: not a theme")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(code: .unreadable, file: path, message: "not UTF-8 text")
        }
        return try ThemeParser.parse(text, name: name, file: path)
    }
}
