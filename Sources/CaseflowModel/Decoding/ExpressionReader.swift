import CaseflowYAML

/// Reads an expression scalar, keeping its position for diagnostics inside it.
struct ExpressionReader {
    let reader: NodeReader
    let source: SourceText

    func read(_ node: YAMLNode, _ what: String) -> ExpressionSource? {
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
