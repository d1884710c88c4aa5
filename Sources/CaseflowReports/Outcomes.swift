/// How the cases ended, or that they have not.
public struct Outcomes: Sendable, Equatable, Codable {
    /// Closed cases by outcome, most frequent first (ties by name).
    public var closed: [OutcomeCount]
    public var cancelled: Int
    public var open: Int
    /// Closed cases with the main outcome / closed cases, in percent; nil when none closed.
    public var winPercent: Double?
}

public struct OutcomeCount: Sendable, Equatable, Codable {
    public var outcome: String
    public var cases: Int

    /// Counts by name, most frequent first (ties by name).
    static func sorted(_ counts: [String: Int]) -> [OutcomeCount] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { OutcomeCount(outcome: $0.key, cases: $0.value) }
    }
}
