extension Supervisor {
    /// Detects stalled tasks and starts the dead ones whose restart is due.
    ///
    /// `only` limits the check to some tasks; nil means every task but the supervising
    /// loop, which is the one calling. Returns the earliest pending restart (`.max`: none).
    @discardableResult
    func check(now: Int64, only: Set<String>?) -> Int64 {
        var cancels: [Task<Void, Never>] = []
        var spawns: [(String, UInt64, Body)] = []
        var events: [SupervisorEvent] = []
        let next = state.withLock { s -> Int64 in
            guard s.running else { return .max }
            let paused = now - (s.lastCheck ?? now) > configuration.stallTimeout.nanoseconds
            s.lastCheck = max(s.lastCheck ?? now, now)
            if paused {
                for name in s.order where s.entries[name]!.alive { s.entries[name]!.lastBeat = now }
            }
            var next = Int64.max
            for name in s.order where only?.contains(name) ?? (name != Self.monitorName) {
                var e = s.entries[name]!
                if e.alive, now - e.lastBeat > e.stallNanos {
                    e.alive = false
                    e.failuresInARow += 1
                    e.restartAt = now + configuration.backoff(failures: e.failuresInARow)
                    e.lastError = "stalled: no heartbeat for \(Double(now - e.lastBeat) / 1e9) s"
                    if let task = e.task { cancels.append(task) }
                    e.task = nil
                    events.append(.stalled(task: name, failures: e.failuresInARow))
                }
                if !e.alive, let at = e.restartAt {
                    if at <= now {
                        if e.generation > 0 {
                            e.restarts += 1
                            events.append(.restarted(task: name, restarts: e.restarts))
                        }
                        e.generation += 1
                        e.alive = true
                        e.startedAt = now
                        e.lastBeat = now
                        e.restartAt = nil
                        spawns.append((name, e.generation, e.body))
                    } else {
                        next = min(next, at)
                    }
                }
                s.entries[name] = e
            }
            return next
        }
        for task in cancels { task.cancel() }
        for (name, generation, body) in spawns { spawn(name, generation: generation, body: body) }
        for event in events { report(event) }
        return next
    }

    private func spawn(_ name: String, generation: UInt64, body: @escaping Body) {
        let heartbeat = Heartbeat(supervisor: self, name: name, generation: generation)
        let task = Task {
            let reason: String
            do {
                try await body(heartbeat)
                reason = "returned"
            } catch is CancellationError {
                reason = "cancelled"
            } catch {
                reason = "threw: \(error)"
            }
            self.noteExit(name, generation: generation, reason: reason)
        }
        let orphan = state.withLock { s -> Bool in
            guard s.entries[name]?.generation == generation, s.entries[name]?.alive == true else { return true }
            s.entries[name]!.task = task
            return false
        }
        if orphan { task.cancel() }
    }

    private func noteExit(_ name: String, generation: UInt64, reason: String) {
        let now = clock.now()
        let failures = state.withLock { s -> Int? in
            guard s.running, var e = s.entries[name], e.generation == generation, e.alive else { return nil }
            e.alive = false
            e.task = nil
            e.failuresInARow += 1
            e.restartAt = now + configuration.backoff(failures: e.failuresInARow)
            e.lastError = reason
            s.entries[name] = e
            return e.failuresInARow
        }
        guard let failures else { return }
        report(.died(task: name, reason: reason, failures: failures))
    }

    private func report(_ event: SupervisorEvent) {
        switch event {
        case .died(let task, let reason, let failures):
            logger.error("background task died", metadata: [
                "task": "\(task)", "reason": "\(reason)", "failures_in_a_row": "\(failures)",
            ])
        case .stalled(let task, let failures):
            logger.error("background task stalled", metadata: ["task": "\(task)", "failures_in_a_row": "\(failures)"])
        case .restarted(let task, let restarts):
            logger.warning("background task restarted", metadata: ["task": "\(task)", "restarts": "\(restarts)"])
        }
        onEvent(event)
    }
}
