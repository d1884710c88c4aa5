/// Why an evaluation failed, naming the sub-expression and the value at fault,
/// e.g. `budget is not set (null)` or `division by zero in 'a / b'`.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The sub-expression at fault, in Unicode scalar offsets into the source.
    public var range: Range<Int>

    public init(_ message: String, _ range: Range<Int>) {
        self.message = message
        self.range = range
    }

    public var description: String { message }
}
