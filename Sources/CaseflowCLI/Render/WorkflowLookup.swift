import ArgumentParser
import CaseflowModel

/// The workflow a `graph` or `doc` command names, or a clear error and exit status 1.
enum WorkflowLookup {
    static func message(forUnknown id: String, in set: DefinitionSet) -> String {
        let known = set.latestWorkflows.map(\.id.value)
        let hint = Suggestion.hint(for: id, in: known)
        let list = known.isEmpty ? "no workflows were loaded" : "known workflows: \(known.joined(separator: ", "))"
        return "no workflow '\(id)'\(hint); \(list)"
    }

    static func find(_ id: String, in set: DefinitionSet) throws -> Workflow {
        guard let workflow = set.workflow(id) else {
            Terminal.error(message(forUnknown: id, in: set))
            throw ExitCode(1)
        }
        return workflow
    }
}
