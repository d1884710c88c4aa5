import CaseflowYAML

/// Turns a `kind: workflow` document into a `Workflow`, reporting every problem on the way.
struct WorkflowDecoder {
    let reader: NodeReader
    let source: SourceText

    /// Names the engine owns or expressions already use; a field may not take them.
    static let reservedNames: Set<String> = ["stage", "status", "outcome", "votes", "sla", "case", "now", "assignee", "version"]

    static let keys = ["kind", "id", "version", "title", "description", "instructions", "search", "calendar", "roles", "data", "sla",
                       "start", "stages", "kpis"]

    func decode(_ root: YAMLNode, text: String) -> Workflow? {
        guard let f = reader.fields(root, "a workflow", allowed: Self.keys,
                                    required: ["id", "version", "roles", "start", "stages"]) else { return nil }
        let id = f["id"].flatMap { reader.id($0, "workflow id") }
        var version: Int?
        if let node = f["version"], let v = reader.int(node, "version") {
            if v.value < 1 {
                reader.log.error("version must be 1 or more, found \(v.value)", at: node.location)
            } else if v.value > Workflow.maxVersion {
                reader.log.error("version must be at most \(Workflow.maxVersion), found \(v.value)", at: node.location)
            }
            version = min(max(v.value, 1), Workflow.maxVersion)
        }
        let roles = f["roles"].map { reader.ids($0, "role", key: "roles") } ?? []
        var seenRoles: [String: SourceLocation] = [:]
        for role in roles {
            if let first = seenRoles[role.value] {
                reader.log.error("role '\(role.value)' is listed twice (first at line \(first.line))", at: role.location)
            }
            seenRoles[role.value] = role.location
        }
        let data = f["data"].map(decodeData) ?? []
        let stages = f["stages"].map(decodeStages) ?? []
        let start = f["start"].flatMap { reader.id($0, "start stage") }
        let kpis = f["kpis"].map { KPIDecoder(reader: reader, source: source).decode($0) } ?? []
        guard let id, let version, let start else { return nil }
        var workflow = Workflow(
            id: id, version: version,
            title: f["title"].flatMap { reader.text($0, "title")?.value },
            description: f["description"].flatMap { reader.text($0, "description")?.value },
            instructions: f["instructions"].flatMap { reader.text($0, "instructions")?.value },
            search: f["search"].map { reader.ids($0, "search field", singleAllowed: true) } ?? [],
            calendar: f["calendar"].flatMap { reader.id($0, "calendar") },
            roles: roles, data: data,
            sla: f["sla"].flatMap { SLADecoder(reader: reader, source: source).decode($0, "the case sla") },
            start: start, stages: stages,
            declaredStageIDs: Set(f["stages"].flatMap { $0.mapping?.compactMap { $0.key.text } } ?? []),
            location: root.location, sourceText: text, versionLocation: f["version"]?.location ?? root.location,
            canonicalText: root.canonicalText)
        workflow.kpis = kpis
        return workflow
    }

    private func decodeData(_ node: YAMLNode) -> [DataField] {
        reader.entries(node, "data").compactMap { key, value in
            guard NodeReader.isValidID(key.value) else {
                reader.log.error("data field '\(key.value)' is not a valid name: use lower-case letters, digits and '_'",
                                 at: key.location)
                return nil
            }
            if Self.reservedNames.contains(key.value) {
                reader.log.error("'\(key.value)' is kept by the engine (\(Self.reservedNames.sorted().joined(separator: ", "))); "
                                 + "choose another field name", at: key.location)
                return nil
            }
            return DataFieldDecoder(reader: reader).decode(name: key, value)
        }
    }

    private func decodeStages(_ node: YAMLNode) -> [Stage] {
        let entries = reader.entries(node, "stages")
        if entries.isEmpty, node.mapping != nil { reader.log.error("a workflow needs at least one stage", at: node.location) }
        return entries.compactMap { key, value in
            guard NodeReader.isValidID(key.value) else {
                reader.log.error("stage id '\(key.value)' is not a valid id: use lower-case letters, digits, '-' or '_', "
                                 + "starting with a letter", at: key.location)
                return nil
            }
            return StageDecoder(reader: reader, source: source).decode(id: key, value)
        }
    }
}
