/// One stage of the funnel: where the cases that entered it went next.
public struct FunnelStep: Sendable, Equatable, Codable {
    public var stage: String
    /// Cases that entered the stage at least once.
    public var entered: Int
    /// Cases that left it at least once for a later stage in process order, or for the end
    /// stage of the main outcome.
    public var movedForward: Int
    /// Cases that left it at least once for itself or an earlier stage (a gate's rejection, a
    /// renegotiation).
    public var wentBack: Int
    /// Cases that went from here to an end stage, by its outcome (the main outcome included).
    public var left: [OutcomeCount]
    /// Cases cancelled while standing here.
    public var cancelled: Int
    /// `entered` / cases that entered the start stage, in percent, one decimal.
    public var conversionPercent: Double?
    /// Open cases standing here now.
    public var openNow: Int
}
