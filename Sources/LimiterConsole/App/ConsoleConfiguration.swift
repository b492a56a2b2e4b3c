/// How the console looks and behaves; every property has a default.
public struct ConsoleConfiguration: Sendable {
    // MARK: Display

    /// The shortest time between two redraws caused by new frames (default 500 ms, at least 100 ms).
    public var refresh: Duration
    /// The theme to start with: a name from the themes directories or a path.
    public var theme: String
    /// Where themes are looked for.
    public var themes: ThemeLibrary
    /// Never use colour (`--no-color`; `NO_COLOR` does the same).
    public var noColor: Bool
    /// Draw with ASCII only (`--ascii`); also automatic when the locale is not UTF-8.
    public var ascii: Bool
    /// How wall-clock times are shown.
    public var timeZone: TextFormat.Zone
    /// Where standard error (log lines) goes while the screen is up; nil discards it.
    public var stderrPath: String?

    // MARK: Control

    /// Why control keys are disabled (`--readonly`, no token, replay); nil when they work.
    public var readOnlyReason: String?

    /// A configuration; the defaults suit an interactive terminal.
    public init(refresh: Duration = .milliseconds(500), theme: String = "default",
                themes: ThemeLibrary = .standard(), noColor: Bool = false, ascii: Bool = false,
                timeZone: TextFormat.Zone = .local, stderrPath: String? = nil, readOnlyReason: String? = nil) {
        self.refresh = max(refresh, Self.minimumRefresh)
        self.theme = theme
        self.themes = themes
        self.noColor = noColor
        self.ascii = ascii
        self.timeZone = timeZone
        self.stderrPath = stderrPath
        self.readOnlyReason = readOnlyReason
    }

    /// The fastest refresh allowed.
    public static let minimumRefresh = Duration.milliseconds(100)
}
