import LimiterConsole
import Testing
import UpbitRateLimit

/// Filter, sort, idle groups, event filters, and the per-second series behind the charts.
@Suite struct GroupViewTests {
    static func names(_ state: ConsoleState) -> [String] { state.visibleGroups.map(\.name.rawValue) }

    @Test func slashFiltersAsTypedEnterKeepsEscClears() {
        var state = RenderSnapshotTests.busyState()
        _ = state.press(.character("/"), now: 0)
        for c in "ORD" { _ = state.press(.character(c), now: 0) }
        #expect(Self.names(state) == ["orderbook", "order", "order-cancel-all"])
        _ = state.press(.character(" "), now: 0)  // not a name character: ignored
        _ = state.press(.backspace, now: 0)
        #expect(state.view.filter == "OR")
        _ = state.press(.enter, now: 0)
        #expect(state.overlay == nil && state.view.filter == "OR")
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 80, rows: 24))
        #expect(screen.line(1).contains("filter \"OR\""))
        _ = state.press(.character("/"), now: 0)
        _ = state.press(.escape, now: 0)
        #expect(state.view.filter.isEmpty && Self.names(state).count == 8)
    }

    @Test func theFilterIsBounded() {
        var state = RenderSnapshotTests.busyState()
        _ = state.press(.character("/"), now: 0)
        for _ in 0..<100 { _ = state.press(.character("x"), now: 0) }
        #expect(state.view.filter.count == GroupView.filterLimit)
        #expect(state.visibleGroups.isEmpty && state.selectedGroup == nil)
        _ = state.press(.enter, now: 0)
        _ = state.press(.enter, now: 0)  // nothing to open
        #expect(!state.view.detail)
    }

    @Test func sortCyclesColumnsLargestFirstAndKeepsTheSelectedGroup() {
        var state = RenderSnapshotTests.busyState()
        #expect(state.selectedGroup == "ticker")
        _ = state.press(.character("s"), now: 0)
        #expect(state.view.sort == .queue)
        #expect(Self.names(state).prefix(2) == ["ticker", "order"])
        #expect(state.selectedGroup == "ticker" && state.selection == 0)
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 80, rows: 24))
        #expect(screen.line(1).contains("sort queue"))
        _ = state.press(.character("s"), now: 0)
        #expect(state.view.sort == .wait && Self.names(state).first == "ticker")
        _ = state.press(.character("s"), now: 0)
        #expect(state.view.sort == .utilization && Self.names(state).first == "ticker")
        _ = state.press(.character("s"), now: 0)
        #expect(state.view.sort == .errors429 && Self.names(state).first == "ticker")
        _ = state.press(.character("s"), now: 0)
        #expect(state.view.sort == .table && Self.names(state).first == "market")
    }

    @Test func iHidesIdleGroups() {
        var state = RenderSnapshotTests.busyState()
        _ = state.press(.character("i"), now: 0)
        #expect(Self.names(state) == ["market", "ticker", "orderbook", "order", "websocket-message"])
        #expect(state.selectedGroup == "ticker")
    }

    @Test func eventsFilterByLevelAndBySelectedGroup() {
        var state = RenderSnapshotTests.busyState()
        #expect(state.visibleEvents.count == 3)
        _ = state.press(.character("l"), now: 0)
        #expect(state.visibleEvents.map(\.kind) == ["429", "rate_cut", "circuit_open"])
        _ = state.press(.character("l"), now: 0)
        #expect(state.visibleEvents.map(\.kind) == ["circuit_open"])
        _ = state.press(.character("l"), now: 0)
        _ = state.press(.character("f"), now: 0)
        #expect(state.visibleEvents.map(\.kind) == ["429", "rate_cut"])
        let screen = ScreenRenderer(format: .init(zone: .utc)).render(state, size: .init(columns: 80, rows: 24))
        #expect(screen.text.contains("ticker only"))
    }

    @Test func seriesFoldsFramesIntoSecondsWithGrantsPerSecond() {
        var series = SeriesHistory(capacity: 3)
        for frame in DetailFrames.series(count: 6) {
            var half = frame
            half.t += 0.5
            half.groups = half.groups.map { var g = $0; g.queueDepth = 99; return g }
            series.append(frame)
            series.append(half)
        }
        let ticker = series.samples(of: "ticker")
        #expect(ticker.count == 3)
        #expect(ticker.allSatisfy { abs($0.grantsPerSecond - 6) < 0.001 }, "6 grants a second, halves merged")
        #expect(ticker.allSatisfy { $0.queue == 99 }, "the deepest queue of the second")
        #expect(ticker.map(\.ratio).allSatisfy { $0 == 0.6 })
        #expect(ticker.first?.limitPerSecond == 6)
    }
}
