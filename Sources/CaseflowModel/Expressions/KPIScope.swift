import CaseflowRules

/// What a KPI expression sees: the workflow's data fields (as in every condition) and how the
/// case ended: `status` (open, closed, cancelled), `outcome` ("" until it closes), `lead_time`
/// (opening to closing, calendar time) and `lead_time_working` (the same in working time on the
/// workflow's calendar); both are 0s while the case is open.
public struct KPIScope: Sendable {
    public let declarations: Declarations
    public let fieldCount: Int
    public let statusSlot: Int
    public let outcomeSlot: Int
    public let leadTimeSlot: Int
    public let leadWorkingSlot: Int

    public static let names = ["status", "outcome", "lead_time", "lead_time_working"]

    public init(_ workflow: Workflow) {
        var d = Declarations()
        for field in workflow.data { _ = d.declare(field.name.value, field.type.celType) }
        fieldCount = workflow.data.count
        statusSlot = d.declare("status", .string)
        outcomeSlot = d.declare("outcome", .string)
        leadTimeSlot = d.declare("lead_time", .duration)
        leadWorkingSlot = d.declare("lead_time_working", .duration)
        declarations = d
    }

    /// Compiles a KPI expression; problems come back with file positions.
    public func compile(_ expression: ExpressionSource, expecting type: CELType?) -> (program: Program?, problems: [Diagnostic]) {
        switch CaseflowRules.compile(expression.text, declarations, expecting: type) {
        case .success(let program): return (program, [])
        case .failure(let problems):
            return (nil, problems.map { Diagnostic(.error, $0.message, at: expression.location(ofOffset: $0.range.lowerBound)) })
        }
    }

}
