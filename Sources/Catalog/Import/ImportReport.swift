/// What an import did (or, in a dry run, would do), for the user: counts and notes.
public struct ImportReport: Sendable, Equatable {
    public var summary: String
    /// Notes worth reading: unmatched keys, dropped duplicates, misses.
    public var notes: [String] = []
    /// Keys in the file that matched no cell line (or gene), for `--unmatched FILE`.
    public var unmatched: [String] = []

    public init(summary: String, notes: [String] = [], unmatched: [String] = []) {
        self.summary = summary
        self.notes = notes
        self.unmatched = unmatched
    }
}
