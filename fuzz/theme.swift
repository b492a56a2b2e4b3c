// Theme files: parsed, then resolved for every colour depth a terminal can have.
@testable import LimiterConsole

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let theme = try? ThemeParser.parse(text, name: "fuzz", file: "fuzz.theme") else { return 0 }
    for depth in ColorDepth.allCases {
        let resolved = ResolvedTheme(theme, depth: depth)
        for role in Role.allCases { _ = resolved[role] }
    }
    return 0
}
