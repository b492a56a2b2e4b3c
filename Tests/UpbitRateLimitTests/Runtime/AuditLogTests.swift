import Foundation
import Testing
import UpbitRateLimit
import UpbitRateLimitTestKit

/// Control actions in the audit log: who, what, before and after; rotation bounds the file.
@Suite struct AuditLogTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func controlActionsAreWrittenWithSourceStateAndCorrelation() async throws {
        let file = try temporaryConfigFile(#"{"audit_log": "audit.log"}"#)
        let path = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("audit.log").path
        let h = try await RuntimeHarness.start(RuntimeBuilder(file: file, environment: [:]))
        #expect(h.runtime.auditLog?.path == path)
        let console = AttributedControl(h.runtime, source: "console")
        try await console.setEmergency(enabled: true, duration: .seconds(60), correlationID: "op-1")
        try await console.setEmergency(enabled: false, duration: nil, correlationID: nil)
        await #expect(throws: RateLimitError.self) { try await console.resetRecovery(group: "nope", correlationID: "op-2") }
        try await ControlSource.$current.withValue("api:control-token") {
            try await h.runtime.resetRecovery(group: .order, correlationID: "op-3")
        }
        h.runtime.reload(reason: "SIGHUP")
        await h.stop()

        let entries = try AuditLog.read(path: path)
        #expect(entries.map(\.action) == ["emergency_on", "emergency_off", "reset_recovery", "reset_recovery", "reload"])
        #expect(entries.map(\.source) == ["console", "console", "console", "api:control-token", "signal"])
        #expect(entries[0].before == "emergency off" && entries[0].after?.hasPrefix("emergency on until ") == true)
        #expect(entries[0].correlationID == "op-1")
        #expect(entries[2].outcome == "refused: unknown group nope" && entries[2].correlationID == "op-2")
        #expect(entries[3].before == "order 1.00" && entries[3].after == "order 1.00")
        #expect(entries[4].outcome == "applied" && entries[4].before?.hasPrefix("preset:korea; ") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func theFileRotatesAndStaysBounded() throws {
        let path = try Self.folder().appendingPathComponent("audit.log").path
        let log = try AuditLog(path: path, maxBytes: 4096, keep: 2)
        for i in 0..<300 {
            log.append(.init(t: Double(i), action: "emergency_on", source: "console", correlationID: "c-\(i)"))
        }
        for name in [path, path + ".1", path + ".2"] {
            let size = try #require(FileManager.default.attributesOfItem(atPath: name)[.size] as? NSNumber)
            #expect(size.intValue <= 4096, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        let newest = try AuditLog.read(path: path)
        #expect(newest.last?.correlationID == "c-299")
    }

    @Test func anUnwritablePathIsNamed() {
        #expect(throws: ConfigurationError.self) { try AuditLog(path: "/nonexistent/dir/audit.log") }
    }
}
