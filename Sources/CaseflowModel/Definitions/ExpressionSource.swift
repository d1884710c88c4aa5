import CaseflowYAML

/// An expression as written in a definition, with what is needed to point inside it.
public struct ExpressionSource: Sendable {
    public var text: String
    public var location: SourceLocation
    let scalar: YAMLScalar
    let source: SourceText

    init(node: YAMLNode, scalar: YAMLScalar, source: SourceText) {
        self.text = scalar.value
        self.location = node.location
        self.scalar = scalar
        self.source = source
    }

    /// The file position of a Unicode-scalar offset into `text`.
    public func location(ofOffset offset: Int) -> SourceLocation {
        source.location(ofValueOffset: offset, in: scalar)
    }
}
