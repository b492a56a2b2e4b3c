import LimiterRecording

/// The seed's SLA table of a run that was recorded (`serve --record F`, `console --record F`),
/// printed when the run ends — the same table as `replay F --sla`.
enum RunSLA {
    /// The table of the recording at `path`, headed by where it came from; a line saying why
    /// when the recording cannot be read.
    static func table(recording path: String) -> String {
        do {
            let report = SLAReport(reader: try RecordingReader(path: path))
            return "SLA of this run (\(path); again with 'upbit-limiter replay \(path) --sla'):\n" + report.render()
        } catch {
            return "SLA of this run: recording \(path) unreadable: \(error)"
        }
    }
}
