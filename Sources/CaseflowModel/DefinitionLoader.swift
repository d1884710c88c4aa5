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
        /// The YAML syntax errors among them (a file cut short there, or a key given twice).
        public var syntaxErrors: [Diagnostic] = []
        public var hasErrors: Bool { diagnostics.contains { $0.isError } }
    }

    public static let kinds = ["workflow", "decision", "calendar", "escalation", "directory", "scenario"]

    /// `today` (the caller's date; the loader reads no clock) turns on the checks that depend on
    /// it, such as calendars whose holiday lists run out soon.
    public static func load(_ files: [File], limits: YAMLLimits = .standard, today: LocalDate? = nil) -> Result {
        let reader = NodeReader()
        var set = DefinitionSet()
        var firstSeen = FirstSeen()
        var syntax = DiagnosticLog()
        for file in files {
            let yaml = YAMLReader.read(bytes: file.bytes, file: file.path, limits: limits)
            for d in yaml.diagnostics { syntax.error(d.message, at: d.location) }
            for document in yaml.documents {
                add(document, to: &set, firstSeen: &firstSeen, reader: reader)
            }
        }
        DefinitionChecker(set: set, today: today).check(into: &reader.log)
        guard syntax.hasErrors else { return Result(definitions: set, diagnostics: reader.log.sorted) }
        let syntaxErrors = syntax.sorted
        // A file that could not be read leaves its definitions out, so other files' references
        // to them fail too: the syntax errors come first, those follow-ons are counted in one line.
        let broken = Set(syntax.items.map(\.location.file))
        var kept: [Diagnostic] = []
        var followOn = 0
        for d in reader.log.sorted {
            if !broken.contains(d.location.file), Self.followsFromMissingDefinitions(d) { followOn += 1 } else { kept.append(d) }
        }
        var diagnostics = syntaxErrors + kept
        if followOn > 0, let first = syntaxErrors.first {
            diagnostics.append(Diagnostic(.warning, "\(followOn) more problem\(followOn == 1 ? "" : "s") in other files not shown: "
                                          + "they name definitions this file would have held; fix it first", at: first.location))
        }
        return Result(definitions: set, diagnostics: diagnostics, syntaxErrors: syntaxErrors)
    }

    /// A reference to a definition that is missing (it may be in a file that could not be read).
    /// A gate the directory cannot staff today: an error for the files being released, but not
    /// for a released version kept for its running cases (a person leaving would otherwise stop
    /// every case of that version, not only those at the gate).
    public static func isStaffingProblem(_ d: Diagnostic) -> Bool { d.message.contains(" can never pass: quorum ") }

    public static func followsFromMissingDefinitions(_ d: Diagnostic) -> Bool {
        ["unknown workflow", "unknown decision", "unknown calendar", "unknown escalation", "unknown person"].contains { d.message.hasPrefix($0) }
            || d.message.contains("is not one of the workflow's roles") || d.message.contains("is not a role of any workflow")
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
