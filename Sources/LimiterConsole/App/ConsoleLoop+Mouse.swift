extension ConsoleLoop {
    /// A click selects the group under it (a click on the selected group opens its detail); the
    /// wheel moves the selection (3 rows in the table, one group in the detail). Returns whether
    /// `key` was a mouse event (all are taken, none is an "unknown key").
    func pressMouse(_ key: Key) -> Bool {
        guard case .mouse(let event) = key else { return false }
        guard state.overlay == nil, state.fleet?.overview != true else { return true }
        switch event.kind {
        case .wheelUp: state.moveSelection(by: state.view.detail ? -1 : -3)
        case .wheelDown: state.moveSelection(by: state.view.detail ? 1 : 3)
        case .click:
            guard !state.view.detail, let index = groupIndex(atRow: event.y) else { break }
            if index == state.selection { state.view.detail = true } else { state.selection = index }
        }
        return true
    }

    /// The index (in the visible groups) of the table row drawn on screen row `y`, if any.
    private func groupIndex(atRow y: Int) -> Int? {
        let size = terminal.size
        guard ScreenLayout.fits(size) else { return nil }
        let count = state.visibleGroups.count
        let layout = ScreenLayout(size: size, groupCount: count, taskCount: state.frame?.tasks.count ?? 0,
                                  alertCount: state.frame?.alerts.count ?? 0, replay: state.replay != nil,
                                  fleet: state.fleet != nil)
        let visible = max(0, layout.groups.height - 2)
        let offset = GroupTable.firstRow(selection: state.selection, count: count, visible: visible)
        let row = y - (layout.groups.y + 2)
        guard row >= 0, row < visible, offset + row < count else { return nil }
        return offset + row
    }
}
