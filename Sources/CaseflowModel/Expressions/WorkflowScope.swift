import CaseflowRules

/// The names an expression of a workflow can use: its data fields (slots 0..<n, in declaration
/// order), then `case` and `now`.
public struct WorkflowScope: Sendable {
    public let declarations: Declarations
    public let fieldCount: Int
    public let caseSlot: Int
    public let nowSlot: Int

    public init(_ workflow: Workflow) {
        var d = Declarations()
        for field in workflow.data { _ = d.declare(field.name.value, field.type.celType) }
        fieldCount = workflow.data.count
        caseSlot = d.declare("case", .object(.caseObject))
        nowSlot = d.declare("now", .timestamp)
        declarations = d
    }

    /// Compiles an expression of this workflow; problems come back with file positions.
    public func compile(_ expression: ExpressionSource, expecting type: CELType? = .bool)
        -> (program: Program?, problems: [Diagnostic]) {
        switch CaseflowRules.compile(expression.text, declarations, expecting: type) {
        case .success(let program): return (program, [])
        case .failure(let problems):
            return (nil, problems.map {
                Diagnostic(.error, $0.message, at: expression.location(ofOffset: $0.range.lowerBound))
            })
        }
    }
}

extension DataType {
    /// The CEL type expressions see for a field of this type (a `date` is a timestamp).
    public var celType: CELType {
        switch self {
        case .string: return .string
        case .int: return .int
        case .number: return .double
        case .bool: return .bool
        case .date, .timestamp: return .timestamp
        case .duration: return .duration
        case .list(let e): return .list(e.celType)
        case .map(let v): return .map(.string, v.celType)
        }
    }
}
