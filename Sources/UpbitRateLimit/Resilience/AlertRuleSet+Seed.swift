extension AlertRuleSet {
    /// The seed's alerting thresholds and P0–P3 levels (`config/alert-rules.json`).
    ///
    /// The seed's *critical* thresholds are P1, its *warning* thresholds P2; the rules of
    /// its P0–P3 list keep their level. See docs/RESILIENCE.md for the mapping.
    public static let seedDefaults: AlertRuleSet = {
        typealias R = AlertRule
        let rules: [R] = [
            // Seed "critical" thresholds.
            R(name: "memory_usage_high", metric: .memoryUsageMb, threshold: 100, level: .p1,
              description: "memory usage above 100 MB"),
            R(name: "background_tasks_failed", metric: .backgroundTasksFailed, threshold: 0, level: .p1,
              description: "a background task is down"),
            R(name: "consecutive_429", metric: .consecutive429, threshold: 1, level: .p1,
              description: "more than one 429 in a row"),
            R(name: "queue_depth_max", metric: .queueDepth, threshold: 50, level: .p1,
              description: "more than 50 callers waiting"),
            // Seed "warning" thresholds.
            R(name: "wait_time_p95", metric: .waitP95Ms, threshold: 100, level: .p2,
              description: "p95 wait above 100 ms"),
            R(name: "token_utilization", metric: .utilizationPct, threshold: 95, level: .p2,
              description: "token utilisation above 95 %"),
            R(name: "tat_accuracy_drift", metric: .tatDriftPct, threshold: 5, level: .p2,
              description: "grants late by more than 5 % of the emission interval"),
            // Seed levels P0–P3.
            R(name: "background_task_failure", metric: .taskFailuresInARow, comparison: .greaterOrEqual,
              threshold: 10, level: .p0, description: "a background task failed 10 times in a row"),
            R(name: "memory_leak_detected", metric: .memoryUsageMb, threshold: 200, level: .p0,
              description: "memory usage above 200 MB"),
            R(name: "rate_limit_complete_failure", metric: .groups429Share, comparison: .greaterOrEqual,
              threshold: 1, level: .p0, description: "429 in every group with traffic"),
            R(name: "consecutive_429_threshold", metric: .consecutive429, threshold: 3, level: .p1,
              description: "more than three 429 in a row"),
            R(name: "queue_depth_critical", metric: .queueDepth, threshold: 100, level: .p1,
              description: "more than 100 callers waiting"),
            R(name: "response_time_degradation", metric: .waitP95Ms, threshold: 500, level: .p1,
              description: "p95 wait above 500 ms"),
            R(name: "rate_adjustment_triggered", metric: .rateRatio, comparison: .less, threshold: 1, level: .p2,
              description: "rate below the published limit (cut or emergency mode)"),
            R(name: "circuit_breaker_opened", metric: .circuitState, comparison: .greaterOrEqual, threshold: 1,
              level: .p2, description: "circuit breaker open or half-open"),
            R(name: "token_utilization_high", metric: .utilizationPct, threshold: 95, level: .p2, forSeconds: 10,
              description: "token utilisation above 95 % for 10 s"),
            R(name: "performance_baseline_deviation", metric: .baselineDeviationPct, threshold: 10, level: .p3,
              forSeconds: 60, description: "p95 wait more than 10 % above its one-hour baseline for a minute"),
            R(name: "configuration_drift_detected", metric: .configDrift, comparison: .greaterOrEqual,
              threshold: 1, level: .p3, description: "configuration file differs from the one in force"),
        ]
        // The list above is checked by the test suite; failing here is a programming error.
        return try! AlertRuleSet(rules: rules, source: "defaults")
    }()
}
