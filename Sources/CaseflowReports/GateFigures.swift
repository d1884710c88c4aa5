/// Votes and decisions at a gate.
public struct GateFigures: Sendable, Equatable, Codable {
    public var approvals: Int
    public var rejections: Int
    /// Visits decided: passed plus rejected.
    public var passed: Int
    public var rejected: Int
    /// `rejected / (passed + rejected)` in percent, one decimal; nil when nothing was decided.
    public var rejectionPercent: Double?
}
