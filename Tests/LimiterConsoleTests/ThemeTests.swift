import Foundation
import LimiterConsole
import Testing

@Suite struct ThemeTests {
    static let themesDirectory = RenderSnapshotTests.repository.appendingPathComponent("themes").path

    @Test func shippedThemesParse() throws {
        let library = ThemeLibrary(directories: [Self.themesDirectory])
        #expect(library.available() == ["default", "high-contrast", "light", "mono"])
        for name in library.available() {
            let theme = try library.load(name)
            #expect(theme.styles.count == Role.allCases.count, "\(name) sets every role")
        }
    }

    @Test func embeddedThemesEqualTheFiles() throws {
        for (name, builtIn) in [("default", ThemeLibrary.builtInDefault), ("mono", ThemeLibrary.builtInMono)] {
            let fromFile = try ThemeLibrary(directories: [Self.themesDirectory]).load(name)
            #expect(fromFile.styles == builtIn.styles, "Theme/EmbeddedThemes.swift must match themes/\(name).theme")
        }
    }

    @Test func builtInsNeedNoFiles() throws {
        let library = ThemeLibrary(directories: ["/nonexistent"])
        #expect(try library.load("default") == ThemeLibrary.builtInDefault)
        #expect(throws: ThemeError.self) { try library.load("light") }
    }

    @Test func errorsNameFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("normal =\ngauje = red\n", 2, "unknown role 'gauje'"),
            ("# c\n\naccent red\n", 3, "expected 'role = value'"),
            ("accent = #12345\n", 1, "bad colour '#12345'"),
            ("accent = 300\n", 1, "colour index 300"),
            ("accent = red blue\n", 1, "unexpected 'blue'"),
            ("accent = red on\n", 1, "'on' without a background"),
            ("ok = green\nok = red\n", 2, "set twice"),
        ]
        for (text, line, message) in cases {
            do {
                _ = try ThemeParser.parse(text, name: "bad", file: "themes/bad.theme")
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.code == .malformed)
                #expect(error.line == line)
                #expect(error.description.hasPrefix("themes/bad.theme:\(line): "))
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    @Test func valuesParse() throws {
        let theme = try ThemeParser.parse("normal =\nwarn = #ff8000 on bright-black bold underline\np3 = 33\n",
                                          name: "t", file: "t")
        #expect(theme[.normal] == RoleStyle())
        #expect(theme[.warn] == RoleStyle(foreground: .rgb(255, 128, 0), background: .indexed(8),
                                          attributes: [.bold, .underline]))
        #expect(theme[.p3].foreground == .indexed(33))
        #expect(theme[.gauge] == theme[.normal], "unset roles look like normal")
    }

    @Test func colourDepthFallback() throws {
        let theme = try ThemeParser.parse("warn = #ffaf00 on default bold\nok = 10\n", name: "t", file: "t")
        #expect(ResolvedTheme(theme, depth: .truecolor)[.warn].foreground == 0xFFAF00)
        #expect(ResolvedTheme(theme, depth: .ansi256)[.warn].foreground == 214)
        #expect(ResolvedTheme(theme, depth: .ansi8)[.warn].foreground == 3)
        #expect(ResolvedTheme(theme, depth: .ansi8)[.ok].foreground == 2)
        #expect(ResolvedTheme(theme, depth: .ansi256)[.warn].background == -1)
        let mono = ResolvedTheme(theme, depth: .none)
        #expect(mono[.warn] == TerminalStyle(foreground: -1, background: -1, attributes: .bold))
        #expect(mono[.critical].attributes == [.bold, .reverse], "no colour: the mono theme's attributes")
        #expect(ColorDepth(colors: 256) == .ansi256 && ColorDepth(colors: 8) == .ansi8 && ColorDepth(colors: 0) == .none)
    }

    @Test func searchPathFindsThemesBesideTheExecutable() {
        let library = ThemeLibrary.standard(environment: ["UPBIT_LIMITER_THEMES": "/custom"], currentDirectory: "/cwd",
                                            executable: "/repo/.build/x86_64-unknown-linux-gnu/debug/upbit-limiter")
        #expect(library.directories.prefix(2) == ["/custom", "/cwd/themes"])
        #expect(library.directories.contains("/repo/themes"))
    }
}
