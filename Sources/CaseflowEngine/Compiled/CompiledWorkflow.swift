import CaseflowModel
import CaseflowRules

/// A workflow prepared for running: stages and fields by index, expressions compiled,
/// policies resolved. Built once when definitions load; shared by every case on it.
public final class CompiledWorkflow: Sendable {
    public let definition: Workflow
    public let calendar: WorkingCalendar
    public let scope: WorkflowScope
    public let fields: [FieldSchema]
    public let fieldSlots: [String: Int]
    public let stages: [CompiledStage]
    public let stageIndex: [String: Int]
    public let start: Int
    public let caseSLA: CompiledSLA?
    public let values: ValueDecoder
    /// Whether any expression reads `case`: the object is built on each stage entry only then.
    public let readsCaseObject: Bool

    public var id: String { definition.id.value }
    public var version: Int { definition.version }
    /// The roles the workflow names (made once: opening a case checks them).
    public let roles: Set<String>

    init(definition: Workflow, calendar: WorkingCalendar, scope: WorkflowScope, fields: [FieldSchema],
         stages: [CompiledStage], caseSLA: CompiledSLA?, readsCaseObject: Bool) {
        self.definition = definition
        self.calendar = calendar
        self.scope = scope
        self.fields = fields
        self.fieldSlots = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
        self.stages = stages
        self.stageIndex = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($1.id, $0) })
        self.start = stageIndex[definition.start.value] ?? 0
        self.caseSLA = caseSLA
        self.values = ValueDecoder(zone: calendar.zone)
        self.readsCaseObject = readsCaseObject
        self.roles = definition.roleNames
    }

    public func stage(_ id: String) -> CompiledStage? { stageIndex[id].map { stages[$0] } }
}

/// One field of the case data with what a value must satisfy.
public struct FieldSchema: Sendable {
    public let name: String
    public let type: DataType
    public let required: Bool
    public let defaultValue: Value
    public let allowed: [Value]?
    public let min: Double?
    public let max: Double?
}

/// A class, not a struct: the engine reads the current stage many times per command, and a
/// struct copy would retain and release each of its arrays every time.
public final class CompiledStage: Sendable {
    public let index: Int
    public let id: String
    public let kind: Stage.Kind
    public let role: String?
    public let tasks: [CompiledTask]
    public let requires: [Int]
    public let decision: CompiledDecision?
    public let next: [CompiledBranch]
    public let sla: CompiledSLA?
    public let gate: CompiledGate?
    public let wait: DurationSpec?
    public let outcome: String?

    init(index: Int, id: String, kind: Stage.Kind, role: String?, tasks: [CompiledTask], requires: [Int],
         decision: CompiledDecision?, next: [CompiledBranch], sla: CompiledSLA?, gate: CompiledGate?,
         wait: DurationSpec?, outcome: String?) {
        self.index = index
        self.id = id
        self.kind = kind
        self.role = role
        self.tasks = tasks
        self.requires = requires
        self.decision = decision
        self.next = next
        self.sla = sla
        self.gate = gate
        self.wait = wait
        self.outcome = outcome
    }

    public func task(_ id: String) -> Int? { tasks.firstIndex { $0.id == id } }
}

public struct CompiledTask: Sendable {
    public let id: String
    public let role: String
}

public struct CompiledBranch: Sendable {
    public let condition: Program?
    public let to: Int
}

public struct CompiledGate: Sendable {
    public let approvers: [String]
    public let quorum: Gate.Quorum
    public let fourEyes: Bool
    public let onReject: Int
    /// Slots of the fields the approval covers.
    public let protects: [Int]
    public let onChange: Gate.OnChange
}

public final class CompiledSLA: Sendable {
    public let targets: [(condition: Program?, due: DurationSpec)]
    /// `due.description` of each target, computed once (clocks and events name their target by it).
    public let targetNames: [String]
    public let warn: Double?
    public let pause: Program?
    public let levels: [CompiledLevel]
    /// Slots whose change may choose another target or pause or resume the clock.
    public let watches: Set<Int>

    init(targets: [(condition: Program?, due: DurationSpec)], warn: Double?, pause: Program?, levels: [CompiledLevel], watches: Set<Int>) {
        self.targets = targets
        self.targetNames = targets.map(\.due.description)
        self.warn = warn
        self.pause = pause
        self.levels = levels
        self.watches = watches
    }
}

public struct CompiledLevel: Sendable {
    public let index: Int
    public let at: EscalationLevel.Moment
    public let notify: [String]
    public let reassign: String?
    public let set: [(slot: Int, value: Value)]
    public let goto: Int?
}

public struct CompiledDecision: Sendable {
    public let table: DecisionTable
    /// The field slots its rules' conditions read, each once, in the order the rules read them
    /// (what `why` shows of a decision).
    public let reads: [Int]
}

/// People and their roles, from every directory. A class: the engine takes it into every
/// command, and a struct copy would retain and release each of its three tables every time.
public final class PeopleDirectory: Sendable {
    public let roles: [String: Set<String>]
    /// How to reach each person who gave contact details.
    public let contacts: [String: Contact]
    /// Each person's roles as a short sorted list: the engine asks whether its actor holds a
    /// role several times a command, and comparing a handful of names costs less than hashing.
    let lists: [String: [String]]

    /// A person's name and where their notifications go.
    public struct Contact: Sendable, Equatable {
        public var name: String?
        public var email: String?
        public var locale: String?

        public init(name: String? = nil, email: String? = nil, locale: String? = nil) {
            self.name = name
            self.email = email
            self.locale = locale
        }
    }

    public convenience init(_ set: DefinitionSet) {
        var roles: [String: Set<String>] = [:]
        var contacts: [String: Contact] = [:]
        for (id, person) in set.people {
            roles[id] = Set(person.roles.map(\.value))
            contacts[id] = Contact(name: person.name, email: person.email, locale: person.locale)
        }
        self.init(roles: roles, contacts: contacts)
    }

    public init(roles: [String: Set<String>], contacts: [String: Contact] = [:]) {
        self.roles = roles
        self.contacts = contacts
        var lists: [String: [String]] = [:]
        lists.reserveCapacity(roles.count)
        for (person, held) in roles { lists[person] = held.sorted() }
        self.lists = lists
    }

    /// The roles `person` holds, sorted (nil: not in the directory).
    func roleList(_ person: String) -> [String]? { lists[person] }

    public func contact(_ person: String) -> Contact? { contacts[person] }

    public func has(_ person: String, _ role: String) -> Bool { roles[person]?.contains(role) ?? false }
    public func isAdmin(_ person: String) -> Bool { has(person, BuiltInRole.admin) }
    public func exists(_ person: String) -> Bool { roles[person] != nil }

    /// Everyone holding `role`, sorted.
    public func people(holding role: String) -> [String] {
        roles.filter { $0.value.contains(role) }.map(\.key).sorted()
    }
}
