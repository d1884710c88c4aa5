/// Reports on every workflow asked for, and the cases that could not be counted.
public struct Report: Sendable, Equatable, Codable {
    public var processes: [ProcessReport]
    /// Cases whose workflow is not among the loaded definitions, by workflow id.
    public var skipped: [SkippedCases]

    public init(processes: [ProcessReport] = [], skipped: [SkippedCases] = []) {
        self.processes = processes
        self.skipped = skipped
    }

    /// How bottlenecks are ranked, as the outputs and README explain it.
    public static let rankingRule = "score = 100 × miss rate × (1 + mean overrun), against each stage's own SLA target; "
        + "stages without a target after, by p90"
}

public struct SkippedCases: Sendable, Equatable, Codable {
    public var workflow: String
    public var cases: Int
}
