/// How `caseflow history` prints a case.
public enum HistoryFormat: String, Sendable, CaseIterable {
    /// One line per event: when (in a zone), who, what, why.
    case text
    /// The events exactly as stored and hashed, as a JSON array.
    case json
    /// One row per event with a header line.
    case csv
}
