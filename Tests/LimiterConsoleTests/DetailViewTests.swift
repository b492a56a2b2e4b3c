import Foundation
@testable import LimiterConsole
import Testing
import UpbitRateLimit

/// The group detail view: opened with Enter, closed with Esc, its charts and axes, its
/// snapshot at 80×24 and 200×60, in colour, mono and ASCII.
@Suite struct DetailViewTests {
    static func opened() -> ConsoleState {
        var state = DetailFrames.state()
        _ = state.press(.enter, now: 0)
        return state
    }

    @Test func enterOpensTheSelectedGroupAndEscGoesBack() {
        var state = DetailFrames.state()
        #expect(state.selectedGroup == "ticker")
        _ = state.press(.enter, now: 0)
        #expect(state.view.detail)
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 80, rows: 24))
        #expect(screen.line(1).contains("Group ticker"))
        _ = state.press(.down, now: 0)
        #expect(state.view.detail && state.selectedGroup == "orderbook")
        _ = state.press(.escape, now: 0)
        #expect(!state.view.detail)
    }

    @Test func theDetailShowsWhyTheRateIsCutAndTheWindow() {
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(Self.opened(), size: .init(columns: 120, rows: 40))
        let text = screen.text
        #expect(text.contains("Rate 60% = 6/s of 10/s"))
        #expect(text.contains("cut to 60% by 429s"))
        #expect(text.contains("next recovery +5% in 4m12s"))
        #expect(text.contains("Circuit closed 1/5 failures"))
        #expect(text.contains("Leases 1 open"))
        #expect(text.contains("6/6 used"))
        #expect(text.contains("free in 100ms"))
        for title in ["Queue depth", "Grants/s vs limit", "Wait p95/p50", "Rate ratio", "Wait histogram"] {
            #expect(text.contains(title), "missing chart \(title)")
        }
        #expect(text.contains("-1m") && text.contains("now"), "x axis labels")
        #expect(text.contains("GET /v1/ticker"))
    }

    @Test func snapshots() throws {
        let state = Self.opened()
        for look in RenderSnapshotTests.looks {
            let theme = try RenderSnapshotTests.themes.load(look.theme)
            assertSnapshot(snapshot(state, theme: theme, depth: look.depth), named: "detail-\(look.name)")
        }
        let theme = try RenderSnapshotTests.themes.load("mono")
        assertSnapshot(snapshot(state, size: .init(columns: 200, rows: 60), theme: theme, depth: .none),
                       named: "detail-200x60")
        assertSnapshot(snapshot(state, theme: theme, depth: .none, glyphs: .ascii), named: "detail-ascii")
    }

    @Test func aFrameWithoutDetailStillOpensAndSaysSo() {
        var state = RenderSnapshotTests.busyState()
        _ = state.press(.enter, now: 0)
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 120, rows: 40))
        #expect(screen.text.contains("no detail"))
        #expect(screen.text.contains("Rate 60%"))
    }

    @Test func chartScalesAreNiceNumbers() {
        #expect(Chart.niceCeiling(0) == 1)
        #expect(Chart.niceCeiling(7) == 10)
        #expect(Chart.niceCeiling(10) == 10)
        #expect(Chart.niceCeiling(11) == 20)
        #expect(Chart.niceCeiling(0.3) == 0.5)
        #expect(Chart.niceCeiling(.infinity) == 1)
    }
}
