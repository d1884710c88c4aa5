/// From the first entry into one stage to the first entry into another, over the cases that reached both in that order.
public struct StageSpan: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    /// Nil when no case reached both.
    public var time: CycleTime?
}
