import CaseflowModel
import CaseflowRules
import CaseflowYAML

/// Builds `CompiledWorkflow`s from a checked definition set.
public enum WorkflowCompiler {
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    /// Every version of every workflow of the set, by id and version.
    public static func compileAll(_ set: DefinitionSet) throws(Failure) -> WorkflowCatalog {
        let directory = PeopleDirectory(set)
        var catalog = WorkflowCatalog(directory: directory)
        for w in set.workflows { catalog.add(try compile(w, in: set)) }
        return catalog
    }

    public static func compile(_ w: Workflow, in set: DefinitionSet) throws(Failure) -> CompiledWorkflow {
        var problems: [Diagnostic] = []
        let scope = WorkflowScope(w)
        let calendar = w.calendar.flatMap { set.calendars[$0.value]?.calendar } ?? .allHours
        let values = ValueDecoder(zone: calendar.zone)
        let stageIndex = Dictionary(uniqueKeysWithValues: w.stages.enumerated().map { ($1.id.value, $0) })
        let fieldSlots = Dictionary(uniqueKeysWithValues: w.data.enumerated().map { ($1.name.value, $0) })

        var readsCaseObject = false
        func program(_ e: ExpressionSource?) -> Program? {
            guard let e else { return nil }
            let (program, found) = scope.compile(e)
            problems += found
            if program?.referencedSlots.contains(scope.caseSlot) == true { readsCaseObject = true }
            return program
        }
        func value(_ node: YAMLNode, _ slot: Int, collect: Bool = false) -> Value {
            var type = w.data[slot].type
            if collect, case .list(let element) = type { type = element }
            switch values.value(node, type) {
            case .success(let v): return v
            case .failure(let p): problems.append(Diagnostic(.error, p.message, at: node.location)); return .null
            }
        }
        func sla(_ spec: SLASpec?) -> CompiledSLA? {
            guard let spec else { return nil }
            let targets = spec.due.map { (condition: program($0.when), due: $0.due.value) }
            let pause = program(spec.pauseWhen)
            var levels: [CompiledLevel] = []
            for (i, level) in (set.ladder(spec.escalation)?.levels ?? []).enumerated() {
                let sets: [(slot: Int, value: Value)] = level.set.compactMap { pair in
                    guard let slot = fieldSlots[pair.field.value] else { return nil }
                    return (slot, value(pair.value, slot))
                }
                levels.append(CompiledLevel(index: i + 1, at: level.at.value, notify: level.notify.map(\.value),
                                            reassign: level.reassign?.value, set: sets,
                                            goto: level.goto.flatMap { stageIndex[$0.value] }))
            }
            let watches = Set(targets.compactMap(\.condition).flatMap(\.referencedSlots) + (pause?.referencedSlots ?? []))
                .filter { $0 < scope.fieldCount }
            return CompiledSLA(targets: targets, warn: spec.warn, pause: pause, levels: levels, watches: watches)
        }

        let fields = w.data.enumerated().map { slot, f in
            FieldSchema(name: f.name.value, type: f.type, required: f.required,
                        defaultValue: f.defaultValue.map { value($0, slot) } ?? .null,
                        allowed: f.allowed?.map { value($0, slot) }, min: f.min, max: f.max)
        }
        var stages: [CompiledStage] = []
        for (i, s) in w.stages.enumerated() {
            var decision: CompiledDecision?
            if let id = s.decide?.value, let table = set.decisions[id] {
                let collect = table.hit == .collect
                let rules = table.rules.enumerated().map { j, rule in
                    DecisionRule(index: j, condition: program(rule.when),
                                 outputs: rule.set.compactMap { pair in
                                     fieldSlots[pair.field.value].map { (pair.field.value, value(pair.value, $0, collect: collect)) }
                                 })
                }
                let hit = HitPolicy(rawValue: table.hit.rawValue) ?? .first
                var reads: [Int] = []
                for slot in rules.compactMap(\.condition).flatMap(\.referencedSlots) where slot < scope.fieldCount && !reads.contains(slot) {
                    reads.append(slot)
                }
                decision = CompiledDecision(table: DecisionTable(id: id, hit: hit, rules: rules), reads: reads)
            }
            let next: [CompiledBranch]
            switch s.next {
            case .stage(let to)?: next = [CompiledBranch(condition: nil, to: stageIndex[to.value] ?? i)]
            case .branches(let bs)?: next = bs.map { CompiledBranch(condition: program($0.when), to: stageIndex[$0.to.value] ?? i) }
            case nil: next = []
            }
            stages.append(CompiledStage(
                index: i, id: s.id.value, kind: s.kind, role: s.role?.value,
                tasks: s.tasks.map { CompiledTask(id: $0.id.value, role: $0.role.value) },
                requires: s.requires.compactMap { fieldSlots[$0.value] }, decision: decision, next: next,
                sla: sla(s.sla),
                gate: s.gate.map { g in
                    CompiledGate(approvers: g.approvers.map(\.value), quorum: g.quorum, fourEyes: g.fourEyes,
                                 onReject: stageIndex[g.onReject.value] ?? i,
                                 protects: g.protects.compactMap { fieldSlots[$0.value] }, onChange: g.onChange)
                },
                wait: s.wait?.value, outcome: s.outcome?.value))
        }
        let caseSLA = sla(w.sla)
        if !problems.isEmpty { throw Failure(diagnostics: problems) }
        return CompiledWorkflow(definition: w, calendar: calendar, scope: scope, fields: fields, stages: stages,
                                caseSLA: caseSLA, readsCaseObject: readsCaseObject)
    }
}

/// Compiled workflows by id and version; new cases get the newest version.
public struct WorkflowCatalog: Sendable {
    public private(set) var byID: [String: [Int: CompiledWorkflow]] = [:]
    /// The same, each id's versions newest first, in a list: with a handful of workflows a
    /// command finds its own by comparing ids (a short id compares as two words), where `byID`
    /// costs two hashed lookups.
    private var versions: [(id: String, newestFirst: [CompiledWorkflow])] = []
    public let directory: PeopleDirectory

    public init(directory: PeopleDirectory) { self.directory = directory }

    mutating func add(_ w: CompiledWorkflow) {
        byID[w.id, default: [:]][w.version] = w
        let newestFirst = byID[w.id, default: [:]].values.sorted { $0.version > $1.version }
        if let i = versions.firstIndex(where: { $0.id == w.id }) { versions[i].newestFirst = newestFirst } else { versions.append((w.id, newestFirst)) }
    }

    /// This catalog, plus the versions of `older` it no longer has: cases keep running on the
    /// version they started with after a reload drops it from the files.
    public func keeping(versionsOf older: WorkflowCatalog) -> WorkflowCatalog {
        var merged = self
        for (id, versions) in older.byID {
            for (version, w) in versions where merged.byID[id]?[version] == nil { merged.add(w) }
        }
        return merged
    }

    public func workflow(_ id: String, version: Int? = nil) -> CompiledWorkflow? {
        // Past a handful of workflows, hashing the id beats comparing it with each.
        guard versions.count <= 8 else {
            guard let byVersion = byID[id] else { return nil }
            if let version { return byVersion[version] }
            return byVersion.max { $0.key < $1.key }?.value
        }
        // By position: a copy of each entry would retain its id and its list.
        for i in versions.indices where versions[i].id == id {
            guard let version else { return versions[i].newestFirst.first }
            for j in versions[i].newestFirst.indices where versions[i].newestFirst[j].version == version {
                return versions[i].newestFirst[j]
            }
            return nil
        }
        return nil
    }

    public var latest: [CompiledWorkflow] { byID.keys.sorted().compactMap { workflow($0) } }
}
