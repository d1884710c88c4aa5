/// A problem found while parsing or checking an expression.
/// `range` is in Unicode scalar offsets into the expression's source.
public struct ExpressionDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var range: Range<Int>

    public init(_ message: String, _ range: Range<Int>) {
        self.message = message
        self.range = range
    }

    public var description: String { "\(range.lowerBound): \(message)" }
}

/// Lets `compile` return `Result<Program, [ExpressionDiagnostic]>`: every problem, not only the first.
extension Array: @retroactive Error where Element == ExpressionDiagnostic {}
