import CaseflowRules

/// What a person (or the clock) asks of a case. Data comes as untyped values and is checked
/// against the workflow's data types.
public enum Command: Sendable {
    case complete(task: String?, data: [(field: String, value: Value)])
    case setData([(field: String, value: Value)])
    case approve(comment: String?)
    case reject(reason: String)
    case assign(to: String)
    /// Takes the unassigned stage (or one of its tasks) for oneself.
    case claim(task: String?)
    /// Gives the assigned stage (or task) back to its role's queue.
    case unassign(task: String?)
    case cancel(reason: String?)
    /// A repair by an admin: the case goes to `stage` (entered as the engine would), reopened if
    /// it had ended and `reopen` is set.
    case move(to: String, reason: String, reopen: Bool)
    /// A repair by an admin: data written past the stage's rules (protected fields included).
    case repairData([(field: String, value: Value)], reason: String)

    public var name: String {
        switch self {
        case .complete: return "complete"
        case .setData: return "set"
        case .approve: return "approve"
        case .reject: return "reject"
        case .assign: return "assign"
        case .claim: return "claim"
        case .unassign: return "unassign"
        case .cancel: return "cancel"
        case .move: return "move"
        case .repairData: return "repair_data"
        }
    }
}

/// Why a command was refused. The case is left exactly as it was.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The actor lacks the role, or four-eyes forbids it (HTTP 403).
        case forbidden
        /// The data breaks the workflow's types, enums, ranges or required fields (HTTP 422).
        case invalidData = "invalid_data"
        /// The case's state does not allow it (HTTP 409).
        case conflict
        /// No such workflow, case, task or person (HTTP 404).
        case notFound = "not_found"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The result of a command: the events it caused and the case after them.
public struct Outcome: Sendable {
    public var events: [CaseEvent]
    public var state: CaseState
}
