import CaseflowYAML

/// `kind: escalation` documents and inline ladders.
struct EscalationDecoder {
    let reader: NodeReader

    func decode(_ root: YAMLNode) -> EscalationLadder? {
        guard let f = reader.fields(root, "an escalation", allowed: ["kind", "id", "title", "levels"],
                                    required: ["id", "levels"]),
              let id = f["id"].flatMap({ reader.id($0, "escalation id") }) else { return nil }
        return EscalationLadder(id: id, levels: f["levels"].flatMap(levels) ?? [], location: root.location)
    }

    func levels(_ node: YAMLNode) -> [EscalationLevel]? {
        let items = reader.list(node, "levels")
        if items.isEmpty, node.sequence != nil { reader.log.error("an escalation needs at least one level", at: node.location) }
        let levels = items.compactMap(level)
        checkOrder(levels)
        return levels
    }

    /// The engine raises a ladder's levels one after another, each once the one before it is
    /// raised: a level written before an earlier moment holds that moment back until its own
    /// (a `warn` after `breach + 1d` would come a day after the breach).
    private func checkOrder(_ levels: [EscalationLevel]) {
        func rank(_ m: EscalationLevel.Moment) -> Int {
            switch m {
            case .warn: return 0
            case .breach(nil): return 1
            case .breach: return 2
            }
        }
        func millis(_ d: DurationSpec) -> (kind: Int, amount: Int64) {
            switch d {
            case .elapsed(let ms): return (0, ms)
            case .businessTime(let ms): return (1, ms)
            case .businessDays(let n): return (2, Int64(n))
            }
        }
        for (earlier, later) in zip(levels, levels.dropFirst()) {
            var outOfOrder = rank(later.at.value) < rank(earlier.at.value)
            if case .breach(let a?) = earlier.at.value, case .breach(let b?) = later.at.value {
                let x = millis(a), y = millis(b)
                outOfOrder = x.kind == y.kind && y.amount < x.amount
            }
            if outOfOrder {
                reader.log.warning("level at \(later.at.value) comes after a level at \(earlier.at.value): levels are raised in the "
                                   + "order written, so it waits for that one; write the levels in the order of their moments",
                                   at: later.at.location)
            }
        }
    }

    private func level(_ node: YAMLNode) -> EscalationLevel? {
        guard let f = reader.fields(node, "an escalation level", allowed: ["at", "notify", "reassign", "set", "goto"],
                                    required: ["at"]),
              let atNode = f["at"], let at = moment(atNode) else { return nil }
        let level = EscalationLevel(
            at: at,
            notify: f["notify"].map { reader.ids($0, "notify", singleAllowed: true) } ?? [],
            reassign: f["reassign"].flatMap { reader.id($0, "reassign") },
            set: f["set"].map { reader.entries($0, "set").map { (field: $0.key, value: $0.value) } } ?? [],
            goto: f["goto"].flatMap { reader.id($0, "goto") },
            location: node.location)
        if level.notify.isEmpty, level.reassign == nil, level.set.isEmpty, level.goto == nil {
            reader.log.warning("this level does nothing: give it notify, reassign, set or goto", at: node.location)
        }
        return level
    }

    /// `warn`, `breach` or `breach + <duration>`.
    private func moment(_ node: YAMLNode) -> Located<EscalationLevel.Moment>? {
        guard let text = reader.text(node, "at")?.value.trimmingWhitespace() else { return nil }
        if text == "warn" { return Located(.warn, at: node.location) }
        if text == "breach" { return Located(.breach(after: nil), at: node.location) }
        if text.hasPrefix("breach"), let plus = text.firstIndex(of: "+"),
           text[..<plus].trimmingWhitespace() == "breach" {
            let rest = String(text[text.index(after: plus)...])
            if let d = DurationSpec.parse(rest) { return Located(.breach(after: d), at: node.location) }
            reader.log.error("'\(rest.trimmingWhitespace())' after 'breach +' is not a duration: \(DurationSpec.syntaxHelp)",
                             at: node.location)
            return nil
        }
        reader.log.error("at must be warn, breach or breach + <duration>, found '\(text)'", at: node.location)
        return nil
    }
}
