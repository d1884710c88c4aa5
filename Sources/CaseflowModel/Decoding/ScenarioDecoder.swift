import CaseflowYAML

/// `kind: scenario` documents (interfaces.md).
struct ScenarioDecoder {
    let reader: NodeReader

    static let actions = ["open", "complete", "set", "approve", "reject", "assign", "cancel", "migrate", "wait", "expect", "fails"]
    static let statuses = ["open", "closed", "cancelled"]
    static let slaStates = ["none", "running", "warned", "breached", "paused"]

    func decode(_ root: YAMLNode) -> Scenario? {
        guard let f = reader.fields(root, "a scenario", allowed: ["kind", "id", "title", "description", "workflow", "version", "clock", "steps"],
                                    required: ["id", "workflow", "clock", "steps"]),
              let id = f["id"].flatMap({ reader.id($0, "scenario id") }),
              let workflow = f["workflow"].flatMap({ reader.id($0, "workflow") }),
              let clockNode = f["clock"], let clockText = reader.text(clockNode, "clock") else { return nil }
        guard let clock = RFC3339.parse(clockText.value) else {
            reader.log.error("clock must be a timestamp like 2026-03-02T09:00:00+08:00, found '\(clockText.value)'",
                             at: clockNode.location)
            return nil
        }
        let steps = f["steps"].map { reader.list($0, "steps").compactMap(step) } ?? []
        return Scenario(id: id, workflow: workflow, version: f["version"].flatMap { reader.int($0, "version") }, clock: clock,
                        steps: steps, location: root.location)
    }

    private func step(_ node: YAMLNode) -> ScenarioStep? {
        guard let pairs = node.mapping, pairs.count == 1, let name = pairs[0].key.text else {
            reader.log.error("a step is one action: \(Self.actions.joined(separator: ", "))", at: node.location)
            return nil
        }
        return action(name, pairs[0].value, keyLocation: pairs[0].key.location)
            .map { ScenarioStep(action: $0, location: node.location) }
    }

    private func action(_ name: String, _ node: YAMLNode, keyLocation: SourceLocation) -> ScenarioAction? {
        let by = "by"
        switch name {
        case "wait":
            return reader.duration(node, "wait").map(ScenarioAction.wait)
        case "expect":
            return expectation(node).map(ScenarioAction.expect)
        case "fails":
            guard let f = reader.fields(node, "fails", allowed: Self.actions + ["error"]) else { return nil }
            let inner = f.order.filter { $0 != "error" }
            guard inner.count == 1, let innerName = inner.first, let innerNode = f[innerName],
                  !["fails", "expect", "wait"].contains(innerName) else {
                reader.log.error("fails takes one command (open, complete, set, approve, reject, assign, cancel or migrate) "
                                 + "and an optional error", at: node.location)
                return nil
            }
            let error = f["error"].flatMap { reader.text($0, "error")?.value }
            return action(innerName, innerNode, keyLocation: f.keyLocation(innerName)).map { .fails($0, error: error) }
        case "open":
            guard let f = reader.fields(node, "open", allowed: [by, "data"], required: [by]),
                  let who = person(f) else { return nil }
            return .open(by: who, data: f["data"])
        case "complete":
            guard let f = reader.fields(node, "complete", allowed: [by, "task", "data", "stage"], required: [by]),
                  let who = person(f) else { return nil }
            return .complete(by: who, task: f["task"].flatMap { reader.id($0, "task") }, data: f["data"], stage: stage(f))
        case "set":
            guard let f = reader.fields(node, "set", allowed: [by, "data"], required: [by, "data"]),
                  let who = person(f), let data = f["data"] else { return nil }
            return .set(by: who, data: data)
        case "approve":
            guard let f = reader.fields(node, "approve", allowed: [by, "comment", "stage"], required: [by]),
                  let who = person(f) else { return nil }
            return .approve(by: who, comment: f["comment"].flatMap { reader.text($0, "comment")?.value }, stage: stage(f))
        case "reject":
            guard let f = reader.fields(node, "reject", allowed: [by, "reason", "stage"], required: [by, "reason"]),
                  let who = person(f), let reason = f["reason"].flatMap({ reader.text($0, "reason") }) else { return nil }
            return .reject(by: who, reason: reason.value, stage: stage(f))
        case "assign":
            guard let f = reader.fields(node, "assign", allowed: [by, "to"], required: [by, "to"]),
                  let who = person(f), let to = f["to"].flatMap({ reader.id($0, "to") }) else { return nil }
            return .assign(by: who, to: to)
        case "migrate":
            guard let f = reader.fields(node, "migrate", allowed: [by, "to", "map", "set", "reason"], required: [by, "to"]),
                  let who = person(f), let to = f["to"].flatMap({ reader.int($0, "to") }) else { return nil }
            var map: [(from: Located<String>, to: Located<String>)] = []
            if let m = f["map"] {
                for (key, value) in reader.entries(m, "map") {
                    if let target = reader.id(value, "map target") { map.append((key, target)) }
                }
            }
            if let s = f["set"], s.mapping == nil { reader.log.error("set must be a mapping of fields", at: s.location) }
            return .migrate(by: who, to: to, map: map, set: f["set"], reason: f["reason"].flatMap { reader.text($0, "reason")?.value })
        case "cancel":
            guard let f = reader.fields(node, "cancel", allowed: [by, "reason"], required: [by]),
                  let who = person(f) else { return nil }
            return .cancel(by: who, reason: f["reason"].flatMap { reader.text($0, "reason")?.value })
        default:
            reader.log.error("unknown step '\(name)'\(Suggestion.hint(for: name, in: Self.actions)); "
                             + "steps are \(Self.actions.joined(separator: ", "))", at: keyLocation)
            return nil
        }
    }

    private func person(_ f: Fields) -> Located<String>? { f["by"].flatMap { reader.id($0, "by") } }
    private func stage(_ f: Fields) -> Located<String>? { f["stage"].flatMap { reader.id($0, "stage") } }

    private func expectation(_ node: YAMLNode) -> ScenarioExpectation? {
        guard let f = reader.fields(node, "expect", allowed: ["stage", "status", "outcome", "data", "sla", "escalations", "assignee"])
        else { return nil }
        var e = ScenarioExpectation(location: node.location)
        e.stage = f["stage"].flatMap { reader.id($0, "stage") }
        e.outcome = f["outcome"].flatMap { reader.id($0, "outcome") }
        e.assignee = f["assignee"].flatMap { reader.id($0, "assignee") }
        e.status = f["status"].flatMap { oneOf($0, "status", Self.statuses) }
        e.sla = f["sla"].flatMap { oneOf($0, "sla", Self.slaStates) }
        e.escalations = f["escalations"].flatMap { reader.int($0, "escalations") }
        if let data = f["data"] {
            if data.mapping == nil { reader.log.error("expect data must be a mapping of fields", at: data.location) }
            e.data = data
        }
        return e
    }

    private func oneOf(_ node: YAMLNode, _ what: String, _ allowed: [String]) -> Located<String>? {
        guard let text = reader.text(node, what) else { return nil }
        guard allowed.contains(text.value) else {
            reader.log.error("\(what) must be one of \(allowed.joined(separator: ", ")), found '\(text.value)'"
                             + Suggestion.hint(for: text.value, in: allowed), at: node.location)
            return nil
        }
        return text
    }
}

extension ScenarioExpectation {
    init(location: SourceLocation) {
        self.init(stage: nil, status: nil, outcome: nil, data: nil, sla: nil, escalations: nil, assignee: nil,
                  location: location)
    }
}
