/// The store answered something this build cannot use.
public struct PostgresStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
