import CaseflowYAML

/// Loads definition files (already read into memory by the caller) into one checked set.
public enum DefinitionLoader {
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    public struct Result: Sendable {
        public var definitions: DefinitionSet
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.isError } }
    }

    public static let kinds = ["workflow", "decision", "calendar", "escalation", "directory", "scenario"]

    public static func load(_ files: [File], limits: YAMLLimits = .standard) -> Result {
        let reader = NodeReader()
        var set = DefinitionSet()
        var firstSeen = FirstSeen()
        for file in files {
            let yaml = YAMLReader.read(bytes: file.bytes, file: file.path, limits: limits)
            for d in yaml.diagnostics { reader.log.error(d.message, at: d.location) }
            for document in yaml.documents {
                add(document, to: &set, firstSeen: &firstSeen, reader: reader)
            }
        }
        DefinitionChecker(set: set).check(into: &reader.log)
        return Result(definitions: set, diagnostics: reader.log.sorted)
    }

    private static func add(_ document: YAMLDocument, to set: inout DefinitionSet, firstSeen: inout FirstSeen,
                            reader: NodeReader) {
        let root = document.root
        guard root.mapping != nil else {
            if !root.isNull {
                reader.log.error("a definition must be a mapping that starts with kind: and id:, found \(root.kindName)",
                                 at: root.location)
            }
            return
        }
        guard let kindNode = root["kind"] else {
            reader.log.error("this document has no 'kind:'; use one of \(kinds.joined(separator: ", "))", at: root.location)
            return
        }
        guard let kind = reader.text(kindNode, "kind")?.value else { return }
        let source = document.source
        switch kind {
        case "workflow":
            guard let w = WorkflowDecoder(reader: reader, source: source).decode(root, text: document.text) else { return }
            if let other = set.workflows.first(where: { $0.id.value == w.id.value && $0.version == w.version }) {
                if other.sourceText != w.sourceText {
                    reader.log.error("workflow '\(w.id.value)' version \(w.version) is defined twice with different content "
                                     + "(first at \(other.id.location)); give the new one a higher version",
                                     at: w.id.location)
                }
                return
            }
            set.workflows.append(w)
        case "decision":
            guard let d = PolicyDecoder(reader: reader, source: source).decision(root),
                  firstSeen.claim("decision", d.id, reader) else { return }
            set.decisions[d.id.value] = d
        case "calendar":
            guard let c = CalendarDecoder(reader: reader, source: source).decode(root),
                  firstSeen.claim("calendar", c.id, reader) else { return }
            set.calendars[c.id.value] = c
        case "escalation":
            guard let e = EscalationDecoder(reader: reader).decode(root), let id = e.id,
                  firstSeen.claim("escalation", id, reader) else { return }
            set.escalations[id.value] = e
        case "directory":
            guard let d = PolicyDecoder(reader: reader, source: source).directory(root),
                  firstSeen.claim("directory", d.id, reader) else { return }
            set.directories.append(d)
            for person in d.people {
                if firstSeen.claim("person", person.id, reader) { set.people[person.id.value] = person }
            }
        case "scenario":
            guard let s = ScenarioDecoder(reader: reader).decode(root),
                  firstSeen.claim("scenario", s.id, reader) else { return }
            set.scenarios.append(s)
        default:
            reader.log.error("unknown kind '\(kind)'\(Suggestion.hint(for: kind, in: kinds)); "
                             + "kinds are \(kinds.joined(separator: ", "))", at: kindNode.location)
        }
    }
}

/// Where each id of each kind was first defined.
private struct FirstSeen {
    var places: [String: SourceLocation] = [:]

    mutating func claim(_ kind: String, _ id: Located<String>, _ reader: NodeReader) -> Bool {
        let key = kind + "\u{0}" + id.value
        if let first = places[key] {
            reader.log.error("\(kind) '\(id.value)' is defined twice (first at \(first))", at: id.location)
            return false
        }
        places[key] = id.location
        return true
    }
}
