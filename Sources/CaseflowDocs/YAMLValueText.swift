import CaseflowYAML

/// A value from a definition, written back the way YAML/CEL readers expect: strings that were
/// quoted keep their quotes, lists and maps in flow style.
enum YAMLValueText {
    static func text(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let s):
            switch s.style {
            case .singleQuoted, .doubleQuoted: return quoted(s.value)
            case .plain, .literal, .folded: return node.isNull ? "null" : s.value
            }
        case .sequence(let items):
            return "[" + items.map(text).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
