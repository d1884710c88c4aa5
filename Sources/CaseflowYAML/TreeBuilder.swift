import CYAML

/// Folds libyaml events into located nodes, with anchors, aliases, merge keys and limits.
struct TreeBuilder {
    private enum Frame {
        case sequence(items: [YAMLNode], location: SourceLocation, tag: String?, anchor: String?, size: Int)
        case mapping(pairs: [YAMLPair], pendingKey: YAMLNode?, seen: [String: SourceLocation],
                     location: SourceLocation, tag: String?, anchor: String?, size: Int)
    }

    let source: SourceText
    let limits: YAMLLimits
    private(set) var documents: [YAMLDocument] = []
    private(set) var diagnostics: [YAMLDiagnostic] = []
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var failed = false
    /// Whether an alias was followed: only then can a document expand beyond its own text.
    private var sawAlias = false
    private var documentStart = 0
    private var eventLocation = SourceLocation(file: "", line: 1, column: 1)

    init(source: SourceText, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func fail(_ diagnostic: YAMLDiagnostic) {
        failed = true
        diagnostics.append(diagnostic)
    }

    /// Returns false once reading must stop.
    mutating func handle(_ event: yaml_event_t) -> Bool {
        let location = SourceLocation(file: source.file, line: Int(event.start_mark.line) + 1,
                                      column: Int(event.start_mark.column) + 1)
        eventLocation = location
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
            documentStart = Int(event.start_mark.index)
        case YAML_DOCUMENT_END_EVENT:
            if documents.count > 0 {
                documents[documents.count - 1].span = documentStart..<Int(event.end_mark.index)
            }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            let style: YAMLScalar.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let span = Int(event.start_mark.index)..<Int(event.end_mark.index)
            let node = YAMLNode(.scalar(YAMLScalar(value: value, style: style, span: span)),
                                location: location, tag: Self.string(s.tag))
            if let anchor = Self.string(s.anchor) { anchors[anchor] = node }
            return attach(node)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let node = anchors[name] else {
                fail(YAMLDiagnostic(location: location, message: "alias *\(name) names no anchor defined before it"))
                return false
            }
            sawAlias = true
            return attach(node)
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            guard push(location) else { return false }
            stack.append(.sequence(items: [], location: location, tag: Self.string(s.tag),
                                   anchor: Self.string(s.anchor), size: 1))
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            guard push(location) else { return false }
            stack.append(.mapping(pairs: [], pendingKey: nil, seen: [:], location: location,
                                  tag: Self.string(m.tag), anchor: Self.string(m.anchor), size: 1))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return true }
            let node: YAMLNode
            let anchor: String?
            switch consume frame {
            case let .sequence(items, loc, tag, a, size):
                node = YAMLNode(.sequence(items), location: loc, tag: tag, expandedSize: size)
                anchor = a
            case let .mapping(pairs, _, _, loc, tag, a, size):
                node = YAMLNode(.mapping(Self.merged(pairs)), location: loc, tag: tag, expandedSize: size)
                anchor = a
            }
            if let anchor { anchors[anchor] = node }
            return attach(node)
        default:
            break
        }
        return !failed
    }

    private mutating func push(_ location: SourceLocation) -> Bool {
        if stack.count >= limits.maxDepth {
            fail(YAMLDiagnostic(location: location,
                                message: "nesting deeper than \(limits.maxDepth) levels is not allowed"))
            return false
        }
        return true
    }

    private mutating func attach(_ node: YAMLNode) -> Bool {
        guard let top = stack.popLast() else {
            if node.expandedSize > limits.maxExpandedNodes { return tooLarge(node) }
            documents.append(YAMLDocument(root: node, source: source, span: documentStart..<source.scalars.count))
            return true
        }
        switch consume top {
        case .sequence(var items, let loc, let tag, let anchor, let size):
            let newSize = size + node.expandedSize
            if newSize > limits.maxExpandedNodes { return tooLarge(node) }
            items.append(node)
            stack.append(.sequence(items: items, location: loc, tag: tag, anchor: anchor, size: newSize))
        case .mapping(var pairs, let pending, var seen, let loc, let tag, let anchor, let size):
            let newSize = size + node.expandedSize
            if newSize > limits.maxExpandedNodes { return tooLarge(node) }
            if let key = pending {
                let keyText = key.scalar?.value
                let isMergeKey = key.scalar?.style == .plain && keyText == "<<" && key.tag == nil
                if let keyText, !isMergeKey, let first = seen[keyText] {
                    diagnostics.append(YAMLDiagnostic(
                        location: key.location,
                        message: "duplicate key '\(keyText)' (first given at line \(first.line), column \(first.column))"))
                } else {
                    if let keyText, !isMergeKey { seen[keyText] = key.location }
                    pairs.append(YAMLPair(key: key, value: node))
                }
                stack.append(.mapping(pairs: pairs, pendingKey: nil, seen: seen, location: loc, tag: tag,
                                      anchor: anchor, size: newSize))
            } else {
                stack.append(.mapping(pairs: pairs, pendingKey: node, seen: seen, location: loc, tag: tag,
                                      anchor: anchor, size: newSize))
            }
        }
        return true
    }

    private mutating func tooLarge(_: YAMLNode) -> Bool {
        fail(YAMLDiagnostic(location: eventLocation,
                            message: sawAlias
                                ? "the document expands to more than \(limits.maxExpandedNodes) nodes "
                                    + "(aliases that repeat aliases?); refusing to expand it"
                                : "the document has more than \(limits.maxExpandedNodes) nodes; split it into several files"))
        return false
    }

    /// Applies merge keys (`<<: *base` or `<<: [*a, *b]`): explicit keys win, then earlier merges.
    private static func merged(_ pairs: [YAMLPair]) -> [YAMLPair] {
        func isMerge(_ p: YAMLPair) -> Bool { p.key.scalar?.style == .plain && p.key.text == "<<" && p.key.tag == nil }
        guard pairs.contains(where: isMerge) else { return pairs }
        var result = pairs.filter { !isMerge($0) }
        var present = Set(result.compactMap { $0.key.text })
        for pair in pairs where isMerge(pair) {
            let sources: [YAMLNode] = pair.value.sequence ?? [pair.value]
            for source in sources {
                guard let inherited = source.mapping else {
                    result.append(pair)  // not a mapping: left for the reader of the key to report
                    continue
                }
                for p in inherited where p.key.text.map({ !present.contains($0) }) ?? true {
                    if let t = p.key.text { present.insert(t) }
                    result.append(p)
                }
            }
        }
        return result
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
