/// The figures of the cases whose `--by` field ends with one value.
public struct ReportSlice: Sendable, Equatable, Codable {
    /// The value as text; `(none)` for cases without one.
    public var value: String
    public var figures: ProcessFigures

    public static let none = "(none)"
}
