/// A short line shown in the footer in place of the key hints, until it expires.
public struct StatusMessage: Hashable, Sendable {
    /// What to say.
    public var text: String
    /// How it looks (`ok`, `warn`, `critical`…).
    public var role: Role
    /// Monotonic seconds after which it is gone.
    public var expires: Double

    /// A message in `role` until `expires`.
    public init(_ text: String, role: Role, expires: Double) {
        self.text = text
        self.role = role
        self.expires = expires
    }
}
