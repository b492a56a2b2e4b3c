extension LimiterRuntime {
    /// Registers the background tasks with the supervisor.
    func addTasks(configuration c: RuntimeConfiguration, sinks: [any AlertSink]) {
        periodic("recovery-stepper", every: c.recoveryInterval) { runtime in runtime.limiter.refresh() }
        periodic("frame-publisher", every: c.frameInterval) { runtime in runtime.publish() }
        periodic("alert-evaluator", every: c.alertInterval) { runtime in runtime.evaluateAlerts() }
        periodic("metrics-sampler", every: c.sampleInterval) { runtime in runtime.metrics.update(from: runtime.status()) }
        if c.configPath != nil {
            periodic("config-watcher", every: c.configPollInterval) { runtime in
                let hangup = runtime.configuration.reloadOnHangup
                if let reason = runtime.watcher.poll(watchHangup: hangup) { runtime.reload(reason: reason) }
            }
        }
        for sink in sinks {
            supervisor.add("sink:\(sink.name)") { heartbeat in try await sink.run(heartbeat: heartbeat) }
        }
    }

    /// A task that runs `work` every `interval` on the limiter's clock and beats after each run.
    private func periodic(_ name: String, every interval: Duration,
                          _ work: @escaping @Sendable (LimiterRuntime) -> Void) {
        let step = max(1_000_000, interval.nanoseconds)
        supervisor.add(name, stallTimeout: max(supervisorStall, interval * 3)) { [weak self] heartbeat in
            var next = heartbeat.now
            while let runtime = self {
                work(runtime)
                try await heartbeat.beat()
                next = max(next + step, heartbeat.now)
                try await heartbeat.sleep(until: next)
            }
        }
    }

    private var supervisorStall: Duration { reloading.withLock { $0.inForce.supervisor.stallTimeout } }
}
