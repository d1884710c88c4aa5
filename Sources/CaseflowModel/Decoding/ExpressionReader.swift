import CaseflowYAML

/// Reads an expression scalar, keeping its position for diagnostics inside it.
struct ExpressionReader {
    let reader: NodeReader
    let source: SourceText

    func read(_ node: YAMLNode, _ what: String) -> ExpressionSource? {
        // `when: !paid` unquoted: YAML takes `!paid` for a tag, and the expression loses it.
        if let tag = node.tag, !tag.hasPrefix("tag:yaml.org,2002:"), node.scalar != nil {
            let written = ([tag] + [node.scalar?.value ?? ""].filter { !$0.isEmpty }).joined(separator: " ")
            reader.log.error("YAML read `\(Suggestion.echo(tag))` as a tag, not as part of the expression: an expression that "
                             + "starts with ! must be quoted, like \(what): \"\(Suggestion.echo(written))\"", at: node.location)
            return nil
        }
        guard let scalar = node.scalar, !node.isNull else {
            reader.log.error("\(what) must be an expression, found \(node.kindName)", at: node.location)
            return nil
        }
        if scalar.value.trimmingWhitespace().isEmpty {
            reader.log.error("\(what) is empty", at: node.location)
            return nil
        }
        return ExpressionSource(node: node, scalar: scalar, source: source)
    }
}
