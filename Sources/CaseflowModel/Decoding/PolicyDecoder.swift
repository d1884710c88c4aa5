import CaseflowYAML

/// `kind: decision` and `kind: directory` documents.
struct PolicyDecoder {
    let reader: NodeReader
    let source: SourceText

    func decision(_ root: YAMLNode) -> DecisionDefinition? {
        guard let f = reader.fields(root, "a decision", allowed: ["kind", "id", "title", "description", "hit", "rules"],
                                    required: ["id", "rules"]),
              let id = f["id"].flatMap({ reader.id($0, "decision id") }) else { return nil }
        var hit = DecisionDefinition.HitPolicy.first
        if let n = f["hit"], let text = reader.text(n, "hit") {
            if let h = DecisionDefinition.HitPolicy(rawValue: text.value) {
                hit = h
            } else {
                let names = DecisionDefinition.HitPolicy.allCases.map(\.rawValue)
                reader.log.error("unknown hit policy '\(text.value)'\(Suggestion.hint(for: text.value, in: names)); "
                                 + "use first, unique, collect or any", at: n.location)
            }
        }
        let rules: [DecisionRuleDefinition] = f["rules"].map { node in
            reader.list(node, "rules").compactMap { item in
                guard let rf = reader.fields(item, "a rule", allowed: ["when", "set", "title"], required: ["set"]) else { return nil }
                let set = rf["set"].map { reader.entries($0, "set").map { (field: $0.key, value: $0.value) } } ?? []
                if set.isEmpty, let n = rf["set"] { reader.log.error("a rule must set at least one field", at: n.location) }
                return DecisionRuleDefinition(
                    when: rf["when"].flatMap { ExpressionReader(reader: reader, source: source).read($0, "when") },
                    set: set, location: item.location)
            }
        } ?? []
        if rules.isEmpty, let n = f["rules"], n.sequence?.isEmpty == true {
            reader.log.error("a decision needs at least one rule", at: n.location)
        }
        return DecisionDefinition(id: id, hit: hit, rules: rules, location: root.location)
    }

    func directory(_ root: YAMLNode) -> Directory? {
        guard let f = reader.fields(root, "a directory", allowed: ["kind", "id", "title", "people"],
                                    required: ["id", "people"]),
              let id = f["id"].flatMap({ reader.id($0, "directory id") }) else { return nil }
        let people: [Person] = f["people"].map { node in
            reader.entries(node, "people").compactMap { key, value in
                guard NodeReader.isValidID(key.value) else {
                    reader.log.error("person id '\(key.value)' is not a valid id", at: key.location)
                    return nil
                }
                guard let pf = reader.fields(value, "person '\(key.value)'", allowed: ["name", "roles", "email", "locale"],
                                             required: ["roles"]) else { return nil }
                return Person(id: key, name: pf["name"].flatMap { reader.text($0, "name")?.value },
                              roles: pf["roles"].map { reader.ids($0, "role", singleAllowed: true) } ?? [],
                              email: pf["email"].flatMap { email($0) }, locale: pf["locale"].flatMap { locale($0) })
            }
        } ?? []
        return Directory(id: id, people: people)
    }

    /// An address notifications can be sent to: one `@`, no spaces or line breaks.
    private func email(_ node: YAMLNode) -> String? {
        guard let text = reader.text(node, "email") else { return nil }
        let v = text.value
        let parts = v.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !v.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" }) else {
            reader.log.error("email '\(v)' is not an address like name@example.com", at: node.location)
            return nil
        }
        return v
    }

    /// A language tag: letters, then optional `-` parts (`en`, `zh-CN`, `pt-BR`).
    private func locale(_ node: YAMLNode) -> String? {
        guard let text = reader.text(node, "locale") else { return nil }
        let v = text.value
        let parts = v.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
              parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else {
            reader.log.error("locale '\(v)' is not a language tag like en or zh-CN", at: node.location)
            return nil
        }
        return v
    }
}
