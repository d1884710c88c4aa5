/// Every definition loaded from Workflows/ and Policies/ (and scenario files), checked together.
public struct DefinitionSet: Sendable {
    /// Every version of every workflow, in load order.
    public internal(set) var workflows: [Workflow] = []
    public internal(set) var decisions: [String: DecisionDefinition] = [:]
    public internal(set) var calendars: [String: CalendarDefinition] = [:]
    public internal(set) var escalations: [String: EscalationLadder] = [:]
    public internal(set) var directories: [Directory] = []
    public internal(set) var scenarios: [Scenario] = []
    /// People of every directory, by id.
    public internal(set) var people: [String: Person] = [:]

    public init() {}

    /// The workflow with this id: the given version, or the newest.
    public func workflow(_ id: String, version: Int? = nil) -> Workflow? {
        let matching = workflows.filter { $0.id.value == id }
        if let version { return matching.first { $0.version == version } }
        return matching.max { $0.version < $1.version }
    }

    /// The newest version of each workflow, ordered by id.
    public var latestWorkflows: [Workflow] {
        Set(workflows.map(\.id.value)).sorted().compactMap { workflow($0) }
    }

    /// The ladder a reference names or holds.
    public func ladder(_ reference: EscalationReference?) -> EscalationLadder? {
        switch reference {
        case .named(let id)?: return escalations[id.value]
        case .inline(let ladder)?: return ladder
        case nil: return nil
        }
    }

    /// Roles every person holds, built-in ones included.
    public func roles(of person: String) -> Set<String> {
        Set(people[person]?.roles.map(\.value) ?? [])
    }
}
