import CaseflowYAML

/// Typed reads of YAML nodes that record a diagnostic for every problem and go on.
///
/// A plain scalar is read as the type its field expects, so `no` is the text "no"
/// where text is expected and the boolean false nowhere (booleans are `true`/`false`).
final class NodeReader {
    var log = DiagnosticLog()

    /// The keys of a mapping, checked against the allowed ones.
    func fields(_ node: YAMLNode, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard let pairs = node.mapping else {
            log.error("\(what) must be a mapping, found \(node.kindName)", at: node.location)
            return nil
        }
        var byKey: [String: YAMLPair] = [:]
        var order: [String] = []
        var unknown = 0
        for pair in pairs {
            guard let key = pair.key.text, pair.key.scalar != nil else {
                log.error("keys of \(what) must be text, found \(pair.key.kindName)", at: pair.key.location)
                continue
            }
            if !allowed.contains(key) {
                log.error("unknown key '\(Suggestion.echo(key))' in \(what)\(Suggestion.hint(for: key, in: allowed))",
                          at: pair.key.location)
                unknown += 1
                continue
            }
            byKey[key] = pair
            order.append(key)
        }
        for key in required where byKey[key] == nil {
            log.error("\(what) is missing '\(key)'", at: node.location)
        }
        return Fields(node: node, pairs: byKey, order: order, unknownKeys: unknown)
    }

    /// The pairs of a mapping whose keys are names chosen by the user (stage ids, field names…).
    func entries(_ node: YAMLNode, _ what: String) -> [(key: Located<String>, value: YAMLNode)] {
        guard let pairs = node.mapping else {
            if !node.isNull { log.error("\(what) must be a mapping, found \(node.kindName)", at: node.location) }
            return []
        }
        return pairs.compactMap { pair in
            guard let key = pair.key.text else {
                log.error("keys of \(what) must be text, found \(pair.key.kindName)", at: pair.key.location)
                return nil
            }
            return (Located(key, at: pair.key.location), pair.value)
        }
    }

    func text(_ node: YAMLNode, _ what: String) -> Located<String>? {
        guard let scalar = node.scalar, !node.isNull else {
            log.error("\(what) must be text, found \(node.kindName)", at: node.location)
            return nil
        }
        return Located(scalar.value, at: node.location)
    }

    /// A lower-kebab or snake_case ASCII id.
    func id(_ node: YAMLNode, _ what: String) -> Located<String>? {
        guard let text = text(node, what) else { return nil }
        guard Self.isValidID(text.value) else {
            log.error("\(what) '\(text.value)' is not a valid id: use lower-case letters, digits, '-' or '_', "
                      + "starting with a letter", at: node.location)
            return nil
        }
        return text
    }

    static func isValidID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    func int(_ node: YAMLNode, _ what: String) -> Located<Int>? {
        if let s = node.scalar, s.style == .plain, let v = Int(s.value.replacingOccurrences(of: "_", with: "")) {
            return Located(v, at: node.location)
        }
        log.error("\(what) must be an integer, found \(Self.describe(node))", at: node.location)
        return nil
    }

    func number(_ node: YAMLNode, _ what: String) -> Located<Double>? {
        if let s = node.scalar, s.style == .plain, let v = Double(s.value), v.isFinite {
            return Located(v, at: node.location)
        }
        log.error("\(what) must be a number, found \(Self.describe(node))", at: node.location)
        return nil
    }

    func bool(_ node: YAMLNode, _ what: String) -> Located<Bool>? {
        if let s = node.scalar, s.style == .plain {
            switch s.value {
            case "true", "True", "TRUE": return Located(true, at: node.location)
            case "false", "False", "FALSE": return Located(false, at: node.location)
            default: break
            }
        }
        log.error("\(what) must be true or false, found \(Self.describe(node))", at: node.location)
        return nil
    }

    /// A list; a single scalar stands for a list of one where `singleAllowed`.
    func list(_ node: YAMLNode, _ what: String, singleAllowed: Bool = false) -> [YAMLNode] {
        if let items = node.sequence { return items }
        if singleAllowed, node.scalar != nil, !node.isNull { return [node] }
        let hint = node.scalar.map { "; write [\($0.value)]" } ?? ""
        log.error("\(what) must be a list, found \(node.kindName)\(hint)", at: node.location)
        return []
    }

    /// A list of ids; `key` names the list in its error (`roles` must be a list), `what` each item.
    func ids(_ node: YAMLNode, _ what: String, key: String? = nil, singleAllowed: Bool = false) -> [Located<String>] {
        list(node, key ?? what, singleAllowed: singleAllowed).compactMap { id($0, what) }
    }

    /// A positive duration in any form of dsl.md.
    func duration(_ node: YAMLNode, _ what: String) -> Located<DurationSpec>? {
        guard let text = text(node, what) else { return nil }
        guard let d = DurationSpec.parse(text.value) else {
            log.error("\(what) '\(text.value)' is not a duration: \(DurationSpec.syntaxHelp)", at: node.location)
            return nil
        }
        if d == .elapsed(millis: 0) || d == .businessTime(millis: 0) || d == .businessDays(0) {
            log.error("\(what) must be longer than zero", at: node.location)
            return nil
        }
        return Located(d, at: node.location)
    }

    /// How a node looks, for "found …" in messages.
    static func describe(_ node: YAMLNode) -> String {
        guard let s = node.scalar else { return node.kindName }
        if node.isNull { return "null" }
        let quoted = s.style == .plain ? "" : " (quoted, so text)"
        let shown = s.value.count > 40 ? String(s.value.prefix(40)) + "…" : s.value
        return "'\(shown)'\(quoted)"
    }
}

/// The checked keys of one mapping.
struct Fields {
    let node: YAMLNode
    let pairs: [String: YAMLPair]
    let order: [String]
    /// Keys that were reported as unknown (a likely typo of one that would have mattered).
    let unknownKeys: Int

    subscript(_ key: String) -> YAMLNode? { pairs[key]?.value }

    func keyLocation(_ key: String) -> SourceLocation { pairs[key]?.key.location ?? node.location }

    func has(_ key: String) -> Bool { pairs[key] != nil }
}
