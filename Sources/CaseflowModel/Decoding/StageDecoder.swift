import CaseflowYAML

/// One entry of `stages:`; its keys decide its kind, and keys of other kinds are errors.
struct StageDecoder {
    let reader: NodeReader
    let source: SourceText

    static let keys = ["title", "description", "instructions", "role", "tasks", "requires", "decide", "next", "sla", "gate", "wait", "end"]

    /// Keys each kind refuses, with the kind's name for the message.
    private static let refused: [Stage.Kind: [String]] = [
        .end: ["role", "tasks", "requires", "decide", "next", "sla", "gate", "wait"],
        .gate: ["role", "tasks", "requires", "decide", "wait"],
        .timer: ["role", "tasks", "requires", "decide", "sla"],
        .automatic: ["sla", "requires"],
        .worked: [],
    ]

    func decode(id: Located<String>, _ node: YAMLNode) -> Stage? {
        let what = "stage '\(id.value)'"
        guard let f = reader.fields(node, what, allowed: Self.keys) else { return nil }
        let kind: Stage.Kind
        if f.has("end") { kind = .end }
        else if f.has("gate") { kind = .gate }
        else if f.has("wait") { kind = .timer }
        else if f.has("role") || f.has("tasks") { kind = .worked }
        else if f.has("decide") { kind = .automatic }
        else {
            if f.unknownKeys > 0 { return nil }  // the misspelt key is the problem, already reported
            reader.log.error("\(what) has no kind: give it a role (worked), decide (automatic), gate, wait or end",
                             at: id.location)
            return nil
        }
        for key in Self.refused[kind] ?? [] where f.has(key) {
            let reason = kind == .automatic
                ? "an automatic stage (decide without role) moves on at once, so it takes no '\(key)'"
                : "\(Self.kindPhrase(kind)) cannot also have '\(key)'"
            reader.log.error("\(what) mixes kinds: \(reason)", at: f.keyLocation(key))
        }
        if kind != .end, !f.has("next") {
            reader.log.error("\(what) is missing 'next': every stage but an end says where the case goes", at: id.location)
        }
        var stage = Stage(id: id, title: f["title"].flatMap { reader.text($0, "title")?.value },
                          description: f["description"].flatMap { reader.text($0, "description")?.value },
                          kind: kind, role: f["role"].flatMap { reader.id($0, "role") },
                          tasks: f["tasks"].map(decodeTasks) ?? [],
                          requires: f["requires"].map { reader.ids($0, "requires", singleAllowed: true) } ?? [],
                          decide: f["decide"].flatMap { reader.id($0, "decide") },
                          next: f["next"].flatMap(decodeNext),
                          sla: f["sla"].flatMap { SLADecoder(reader: reader, source: source).decode($0, "the sla of \(what)") },
                          gate: f["gate"].flatMap(decodeGate), wait: nil, outcome: nil, location: id.location)
        stage.instructions = f["instructions"].flatMap { reader.text($0, "instructions")?.value }
        if let n = f["wait"], let text = reader.text(n, "wait") {
            if let d = DurationSpec.parse(text.value) {
                stage.wait = Located(d, at: n.location)
            } else {
                reader.log.error("wait '\(text.value)' is not a duration: \(DurationSpec.syntaxHelp)", at: n.location)
            }
        }
        if let n = f["end"] { stage.outcome = reader.id(n, "end outcome") }
        return stage
    }

    private static func kindPhrase(_ kind: Stage.Kind) -> String {
        switch kind {
        case .end: return "an end stage"
        case .gate: return "a gate"
        case .timer: return "a wait stage"
        case .automatic: return "an automatic stage"
        case .worked: return "a worked stage"
        }
    }

    private func decodeTasks(_ node: YAMLNode) -> [TaskDefinition] {
        let entries = reader.entries(node, "tasks")
        if entries.isEmpty, node.mapping != nil { reader.log.error("tasks must name at least one task", at: node.location) }
        return entries.compactMap { key, value in
            guard NodeReader.isValidID(key.value) else {
                reader.log.error("task id '\(key.value)' is not a valid id", at: key.location)
                return nil
            }
            guard let f = reader.fields(value, "task '\(key.value)'", allowed: ["role", "title"], required: ["role"]),
                  let role = f["role"].flatMap({ reader.id($0, "role") }) else { return nil }
            return TaskDefinition(id: key, role: role, title: f["title"].flatMap { reader.text($0, "title")?.value })
        }
    }

    private func decodeNext(_ node: YAMLNode) -> Next? {
        if node.scalar != nil { return reader.id(node, "next").map(Next.stage) }
        guard let items = node.sequence else {
            reader.log.error("next must be a stage id or a list of { when, to }, found \(node.kindName)", at: node.location)
            return nil
        }
        if items.isEmpty { reader.log.error("next must list at least one stage", at: node.location) }
        var branches: [Branch] = []
        for (i, item) in items.enumerated() {
            guard let f = reader.fields(item, "a next entry", allowed: ["when", "to"], required: ["to"]),
                  let to = f["to"].flatMap({ reader.id($0, "to") }) else { continue }
            let when = f["when"].flatMap { ExpressionReader(reader: reader, source: source).read($0, "when") }
            if when == nil, i < items.count - 1, !f.has("when") {
                reader.log.warning("this entry has no 'when', so the entries after it are never tried", at: item.location)
            }
            branches.append(Branch(when: when, to: to))
        }
        if let last = branches.last, last.when != nil {
            reader.log.warning("the next list has no default (an entry without 'when'): when no condition holds, "
                               + "completing the stage is refused", at: node.location)
        }
        return .branches(branches)
    }

    private func decodeGate(_ node: YAMLNode) -> Gate? {
        guard let f = reader.fields(node, "gate", allowed: ["approvers", "quorum", "four_eyes", "on_reject", "protects", "on_change"],
                                    required: ["approvers", "on_reject"]) else { return nil }
        let approvers = f["approvers"].map { reader.ids($0, "approver role", singleAllowed: true) } ?? []
        if approvers.isEmpty, let n = f["approvers"], n.sequence?.isEmpty == true {
            reader.log.error("a gate needs at least one approver role", at: n.location)
        }
        var quorum = Gate.Quorum.count(1)
        if let n = f["quorum"] {
            if n.text == "all", n.scalar?.style == .plain {
                quorum = .all
            } else if let v = reader.scalarInt(n) {
                if v < 1 { reader.log.error("quorum must be 1 or more, or all", at: n.location) }
                quorum = .count(v)
            } else {
                reader.log.error("quorum must be an integer or all, found \(NodeReader.describe(n))", at: n.location)
            }
        }
        guard let onReject = f["on_reject"].flatMap({ reader.id($0, "on_reject") }) else { return nil }
        var onChange = Gate.OnChange.refuse
        if let n = f["on_change"], let text = reader.text(n, "on_change") {
            if let v = Gate.OnChange(rawValue: text.value) {
                onChange = v
            } else {
                reader.log.error("on_change must be refuse or revote, found '\(text.value)'", at: n.location)
            }
        }
        return Gate(approvers: approvers, quorum: quorum,
                    fourEyes: f["four_eyes"].flatMap { reader.bool($0, "four_eyes")?.value } ?? false,
                    onReject: onReject,
                    protects: f["protects"].map { reader.ids($0, "protected field", singleAllowed: true) } ?? [],
                    onChange: onChange, location: node.location)
    }
}

extension NodeReader {
    /// A plain integer scalar, without reporting anything when it is not one.
    func scalarInt(_ node: YAMLNode) -> Int? {
        guard let s = node.scalar, s.style == .plain else { return nil }
        return Int(s.value)
    }
}
