import CaseflowYAML

/// `sla: 2 business days` or `sla: { due, warn, pause_when, escalation }`.
struct SLADecoder {
    let reader: NodeReader
    let source: SourceText

    func decode(_ node: YAMLNode, _ what: String) -> SLASpec? {
        if node.scalar != nil {
            guard let due = reader.duration(node, "due") else { return nil }
            return SLASpec(due: [DueTarget(when: nil, due: due)], warn: nil, pauseWhen: nil, escalation: nil,
                           location: node.location)
        }
        guard let f = reader.fields(node, what, allowed: ["due", "warn", "pause_when", "escalation"],
                                    required: ["due"]) else { return nil }
        var spec = SLASpec(due: [], warn: nil, pauseWhen: nil, escalation: nil, location: node.location)
        if let n = f["due"] {
            if n.scalar != nil {
                if let d = reader.duration(n, "due") { spec.due = [DueTarget(when: nil, due: d)] }
            } else if let items = n.sequence {
                spec.due = items.compactMap(decodeTarget)
                if items.isEmpty { reader.log.error("due must list at least one target", at: n.location) }
                if let last = spec.due.last, last.when != nil {
                    reader.log.warning("the due list has no default (an entry without 'when'): "
                                       + "when no condition holds, the clock has no target", at: n.location)
                }
            } else {
                reader.log.error("due must be a duration or a list of { when, due }", at: n.location)
            }
        }
        if let n = f["warn"] { spec.warn = percentage(n) }
        if let n = f["pause_when"] {
            spec.pauseWhen = ExpressionReader(reader: reader, source: source).read(n, "pause_when")
        }
        if let n = f["escalation"] { spec.escalation = escalation(n) }
        return spec
    }

    private func decodeTarget(_ node: YAMLNode) -> DueTarget? {
        guard let f = reader.fields(node, "a due entry", allowed: ["when", "due"], required: ["due"]),
              let due = f["due"].flatMap({ reader.duration($0, "due") }) else { return nil }
        return DueTarget(when: f["when"].flatMap { ExpressionReader(reader: reader, source: source).read($0, "when") },
                         due: due)
    }

    private func percentage(_ node: YAMLNode) -> Double? {
        guard let text = node.text, text.hasSuffix("%"), let v = Double(text.dropLast().trimmingWhitespace()),
              v > 0, v < 100 else {
            reader.log.error("warn must be a percentage above 0% and below 100%, like 80%, found \(NodeReader.describe(node))",
                             at: node.location)
            return nil
        }
        return v / 100
    }

    private func escalation(_ node: YAMLNode) -> EscalationReference? {
        if node.scalar != nil { return reader.id(node, "escalation").map(EscalationReference.named) }
        guard node.sequence != nil else {
            reader.log.error("escalation must be an escalation id or a list of levels, found \(node.kindName)",
                             at: node.location)
            return nil
        }
        return EscalationDecoder(reader: reader).levels(node).map {
            .inline(EscalationLadder(id: nil, levels: $0, location: node.location))
        }
    }
}
