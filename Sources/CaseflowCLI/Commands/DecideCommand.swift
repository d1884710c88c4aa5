import ArgumentParser
import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// `caseflow decide ID --data JSON`: runs one decision table and prints what it sets.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Run a decision table on some data and print its output as JSON.",
        discussion: """
        The table is checked and run exactly as a workflow that uses it would run it: its
        conditions see the data with that workflow's field types (the first workflow using the
        table, or --workflow). A table no workflow uses sees the JSON values with their own types.

        Output: a JSON object with the fields the table sets and the rules that matched.
        Errors (no match, two matches under `unique`, disagreement under `any`, a condition
        that fails) go to standard error; the exit status is then 1.

        Examples:
          caseflow decide customer-potential --data '{"budget": 800000.0, "intent": 8}'
          caseflow decide ticket-routing --data '{"category": "hardware", "priority": "P1"}'
        """
    )

    @Argument(help: "The decision id.")
    var id: String

    @Option(help: "A JSON object of field values.")
    var data: String = "{}"

    @Option(help: ArgumentHelp("Type the data as this workflow's fields.", valueName: "id"))
    var workflow: String?

    @OptionGroup var definitions: DefinitionOptions

    /// Data that is not a JSON object is a mistake in the command (64), said before the
    /// definitions are read.
    func validate() throws {
        if case .failure(let problem) = DataOption.object(data) { throw problem }
    }

    func run() throws {
        let loaded = try LoadedDefinitions.load(definitions.paths)
        guard let table = loaded.set.decisions[id] else {
            Terminal.error("no decision '\(id)'\(Suggestion.hint(for: id, in: loaded.set.decisions.keys))")
            throw ExitCode(1)
        }
        let given: MapValue
        switch DataOption.object(data) {
        case .success(let object): given = object
        case .failure(let problem): Terminal.error(problem.message); throw ExitCode(64)
        }
        let users = loaded.set.latestWorkflows.filter { w in w.stages.contains { $0.decide?.value == id } }
        let chosen = workflow.flatMap { name in loaded.catalog.workflow(name) } ?? users.first.flatMap { loaded.catalog.workflow($0.id.value) }
        if let workflow, loaded.catalog.workflow(workflow) == nil {
            Terminal.error("no workflow '\(workflow)'")
            throw ExitCode(1)
        }
        do {
            let (compiled, activation) = try chosen.map { try Self.typed(table, given, $0) } ?? Self.untyped(table, given)
            switch compiled.evaluate(activation) {
            case .success(let outcome):
                let outputs = outcome.outputs.map { (Value.string($0.field), $0.value) }
                print(JSONPrinter.print(.map(MapValue([
                    (.string("set"), .map(MapValue(outputs))),
                    (.string("rules"), .list(outcome.matchedRules.map { .int(Int64($0 + 1)) })),
                ]))))
            case .failure(let error):
                Terminal.error(error.message)
                throw ExitCode(1)
            }
        } catch let failure as DecideFailure {
            Terminal.error(failure.message)
            throw ExitCode(1)
        }
    }

    struct DecideFailure: Error { var message: String }

    /// The table as the workflow runs it, on the data typed as its fields.
    static func typed(_ table: DecisionDefinition, _ given: MapValue, _ w: CompiledWorkflow) throws -> (DecisionTable, Activation) {
        var slots = [Value](repeating: .null, count: w.scope.declarations.count)
        var problems: [String] = []
        for entry in given.entries {
            guard case .string(let name) = entry.key else { continue }
            guard let slot = w.fieldSlots[name] else {
                problems.append("unknown field '\(name)' of workflow \(w.id)\(Suggestion.hint(for: name, in: w.fieldSlots.keys))")
                continue
            }
            switch w.values.check(entry.value, w.fields[slot].type) {
            case .success(let v):
                // The field's own rules (enum, min, max) as the workflow would refuse the value.
                if let problem = Engine.constraintProblem(v, of: w.fields[slot]) { problems.append("\(name): \(problem)") } else { slots[slot] = v }
            case .failure(let p): problems.append("\(name): \(p.message)")
            }
        }
        if !problems.isEmpty { throw DecideFailure(message: problems.joined(separator: "; ")) }
        let rules = try table.rules.enumerated().map { index, rule in
            DecisionRule(index: index, condition: try rule.when.map { try program($0, w.scope.declarations) },
                         outputs: rule.set.map { pair in
                             let type = w.fieldSlots[pair.field.value].map { w.fields[$0].type }
                             let element: DataType? = table.hit == .collect ? type.flatMap { if case .list(let e) = $0 { e } else { nil } } : type
                             let value = element.flatMap { try? w.values.value(pair.value, $0).get() } ?? ValueDecoder.untyped(pair.value)
                             return (pair.field.value, value)
                         })
        }
        return (DecisionTable(id: table.id.value, hit: HitPolicy(rawValue: table.hit.rawValue) ?? .first, rules: rules), Activation(slots))
    }

    /// A table no workflow uses: the data's own JSON types.
    static func untyped(_ table: DecisionDefinition, _ given: MapValue) throws -> (DecisionTable, Activation) {
        guard let (declarations, activation) = TypeInference.declarations(from: .map(given)) else {
            throw DecideFailure(message: "--data must be a JSON object")
        }
        let rules = try table.rules.enumerated().map { index, rule in
            DecisionRule(index: index, condition: try rule.when.map { try program($0, declarations) },
                         outputs: rule.set.map { ($0.field.value, ValueDecoder.untyped($0.value)) })
        }
        return (DecisionTable(id: table.id.value, hit: HitPolicy(rawValue: table.hit.rawValue) ?? .first, rules: rules), activation)
    }

    static func program(_ e: ExpressionSource, _ declarations: Declarations) throws -> Program {
        switch CaseflowRules.compile(e.text, declarations, expecting: .bool) {
        case .success(let p): return p
        case .failure(let problems):
            throw DecideFailure(message: problems.map { "\(e.location(ofOffset: $0.range.lowerBound)): \($0.message)" }
                .joined(separator: "\n"))
        }
    }
}
