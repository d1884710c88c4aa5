/// Why an evaluation failed, naming the sub-expression and the value at fault,
/// e.g. `budget is not set (null)` or `division by zero in 'a / b'`.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The sub-expression at fault, in Unicode scalar offsets into the source.
    public var range: Range<Int>
    /// The evaluation stopped at one of `Limits` (too many iterations, a result too large): the
    /// expression's value is unknown, not an error of the data it read.
    public var hitLimit = false

    public init(_ message: String, _ range: Range<Int>, hitLimit: Bool = false) {
        self.message = message
        self.range = range
        self.hitLimit = hitLimit
    }

    public var description: String { message }
}
