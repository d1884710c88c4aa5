/// One node of a YAML document. Every node knows where it was written.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var location: SourceLocation
    /// The explicit tag, e.g. `tag:yaml.org,2002:str` for `!!str`; nil when implicit.
    public var tag: String?
    /// Nodes in this subtree counted as if every alias were expanded.
    public var expandedSize: Int

    public init(_ content: Content, location: SourceLocation, tag: String? = nil, expandedSize: Int = 1) {
        self.content = content
        self.location = location
        self.tag = tag
        self.expandedSize = expandedSize
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The scalar's text, if this is a scalar.
    public var text: String? { scalar?.value }

    /// True for a scalar YAML reads as null: `~`, `null`, or nothing, when plain and untagged.
    public var isNull: Bool {
        guard let s = scalar, s.style == .plain, tag == nil else { return false }
        return s.value.isEmpty || s.value == "~" || s.value == "null" || s.value == "Null" || s.value == "NULL"
    }

    /// The value for `key` in a mapping (keys compared as scalar text).
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.text == key }?.value
    }

    /// What a user would call this node's shape, for messages.
    public var kindName: String {
        switch content {
        case .scalar: return isNull ? "null" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style
    /// Where the scalar's text starts and ends in the source, in Unicode scalars from the file start
    /// (quotes and block indicators included).
    public var span: Range<Int>

    public init(value: String, style: Style, span: Range<Int>) {
        self.value = value
        self.style = style
        self.span = span
    }
}

/// One `---` document of a file.
public struct YAMLDocument: Sendable {
    public var root: YAMLNode
    public var source: SourceText
    /// Where the document's text starts and ends, in Unicode scalars.
    public var span: Range<Int>

    public init(root: YAMLNode, source: SourceText, span: Range<Int>) {
        self.root = root
        self.source = source
        self.span = span
    }

    /// The document's own text.
    public var text: String {
        let lo = max(0, min(span.lowerBound, source.scalars.count))
        let hi = max(lo, min(span.upperBound, source.scalars.count))
        var s = String.UnicodeScalarView()
        s.append(contentsOf: source.scalars[lo..<hi])
        return String(s)
    }
}
