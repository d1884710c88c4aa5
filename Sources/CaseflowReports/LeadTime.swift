/// Lead-to-close: from opening to closing, for the cases closed with one outcome (`all`: every closed case).
public struct LeadTime: Sendable, Equatable, Codable {
    public var outcome: String
    public var time: CycleTime

    public static let all = "all"
}
