import Foundation
import Testing

/// Runs Prometheus's `promtool` (Debian package `prometheus`), which CI installs.
enum Promtool {
    /// The `promtool` on `PATH`, if any.
    static var path: String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return folders.map { "\($0)/promtool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a missing promtool is a failure (CI guarantees it) rather than a skipped check.
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// `promtool check metrics` on `exposition`: nil when it passes, else its exit code and complaints.
    static func checkMetrics(_ exposition: String) throws -> String? {
        guard let path else { return required ? "promtool not found on PATH (CI installs the 'prometheus' package)" : nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : "exit \(process.terminationStatus): \(said)"
    }
}
