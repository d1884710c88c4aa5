import CaseflowYAML

/// A released workflow version is immutable: a workflow whose content differs from the text
/// already released under the same id and version is an error at its `version:` key. Comments
/// and layout are not content: they may change without a new version.
public enum ReleasedWorkflows {
    public struct Released: Sendable {
        public var id: String
        public var version: Int
        public var source: String

        public init(id: String, version: Int, source: String) {
            self.id = id
            self.version = version
            self.source = source
        }
    }

    public static func check(_ set: DefinitionSet, against released: [Released]) -> [Diagnostic] {
        var byKey: [String: [String]] = [:]
        var highest: [String: Int] = [:]
        for r in released {
            byKey["\(r.id)@\(r.version)", default: []].append(r.source)
            highest[r.id] = max(highest[r.id] ?? 0, r.version)
        }
        for w in set.workflows { highest[w.id.value] = max(highest[w.id.value] ?? 0, w.version) }
        var problems: [Diagnostic] = []
        for w in set.workflows {
            guard let texts = byKey["\(w.id.value)@\(w.version)"], !texts.isEmpty else { continue }
            let same = texts.contains { text in
                let doc = YAMLReader.read(bytes: Array(text.utf8), file: "released").documents.first
                return doc?.root.canonicalText == w.canonicalText
            }
            if !same {
                problems.append(Diagnostic(.error, "\(w.id.value) version \(w.version) is already released with other content; "
                                           + "raise version to \(min(highest[w.id.value] ?? w.version, Int.max - 1) + 1) (running cases keep the released "
                                           + "version; caseflow migrate moves them)", at: w.versionLocation))
            }
        }
        return problems
    }
}
