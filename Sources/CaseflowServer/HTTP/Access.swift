import CaseflowEngine
import CaseflowModel

/// Who may read and write, beyond what the engine checks per command.
public enum Access {
    public static func person(_ context: CaseflowContext) throws -> String {
        guard let p = context.person else { throw APIError.unauthorized("no bearer token") }
        return p
    }

    /// Auditors read everything and change nothing: one who holds no other role is refused at
    /// once. Everything else about who may do what is the engine's to decide.
    public static func writer(_ context: CaseflowContext, _ directory: PeopleDirectory) throws -> String {
        try writer(person(context), directory)
    }

    public static func writer(_ p: String, _ directory: PeopleDirectory) throws(APIError) -> String {
        if directory.has(p, BuiltInRole.auditor), directory.roles[p]?.count == 1 {
            throw APIError.forbidden("\(p) is an auditor: auditors read everything and change nothing")
        }
        return p
    }

    /// Whether the person may only read (an auditor holding no other role): a view offers them
    /// no actions.
    public static func readsOnly(_ p: String, _ directory: PeopleDirectory) -> Bool {
        (try? writer(p, directory)) == nil
    }

    public static func mayRead(_ person: String, _ w: CompiledWorkflow, _ directory: PeopleDirectory) -> Bool {
        directory.isAdmin(person) || directory.has(person, BuiltInRole.auditor) || w.roles.contains { directory.has(person, $0) }
    }

    public static func reader(_ context: CaseflowContext, workflow: CompiledWorkflow?, directory: PeopleDirectory) throws {
        let p = try person(context)
        guard let workflow, mayRead(p, workflow, directory) else {
            throw APIError.forbidden("\(p) holds no role of this case's workflow")
        }
    }
}

extension Access {
    /// Admins and auditors: the audit trail's readers.
    public static func auditReader(_ context: CaseflowContext, _ directory: PeopleDirectory) throws -> String {
        let p = try person(context)
        guard directory.isAdmin(p) || directory.has(p, BuiltInRole.auditor) else {
            throw APIError.forbidden("\(p) may not read the audit trail: that needs role admin or auditor")
        }
        return p
    }
}

extension Access {
    /// Admins only: `what` says what was refused (`retry deliveries`).
    public static func admin(_ context: CaseflowContext, _ directory: PeopleDirectory, to what: String) throws -> String {
        try admin(person(context), directory, to: what)
    }

    public static func admin(_ p: String, _ directory: PeopleDirectory, to what: String) throws(APIError) -> String {
        guard directory.isAdmin(p) else { throw APIError.forbidden("only an admin may \(what); \(p) does not hold role admin") }
        return p
    }
}

extension Access {
    /// Whose work queue a person may look at: their own roles'; every role's for admins and
    /// auditors; and, for a team lead, the queue of a role whose stages escalate to them (a role
    /// they hold is notified by, or takes over, an escalation level of a stage that role works).
    public static func mayViewQueue(_ p: String, role: String, _ engine: Engine) -> Bool {
        let directory = engine.directory
        if directory.isAdmin(p) || directory.has(p, BuiltInRole.auditor) || directory.has(p, role) { return true }
        let held = directory.roles[p] ?? []
        for w in engine.catalog.latest {
            for stage in w.stages where stage.role == role || stage.tasks.contains(where: { $0.role == role }) {
                for level in stage.sla?.levels ?? [] where level.notify.contains(where: held.contains) || level.reassign.map(held.contains) == true {
                    return true
                }
            }
        }
        return false
    }
}
