import CaseflowYAML

/// What changed between two versions of a workflow, in the words an administrator reads:
/// stages added, removed and renamed, `next` edges and conditions, roles, SLA targets and
/// ladders, gates, data fields.
public struct WorkflowDiff: Sendable {
    public struct Change: Sendable, Equatable {
        /// `workflow`, `role`, `field`, `stage`.
        public var area: String
        /// The stage, field or role it is about ("" for the workflow itself).
        public var subject: String
        /// `added`, `removed`, `renamed`, `changed`.
        public var kind: String
        public var text: String
    }

    public var changes: [Change] = []

    public init(old: Workflow, new: Workflow) {
        let o = old, n = new
        func note(_ area: String, _ subject: String, _ kind: String, _ text: String) {
            changes.append(Change(area: area, subject: subject, kind: kind, text: text))
        }
        func cmp(_ area: String, _ subject: String, _ what: String, _ a: String?, _ b: String?) {
            guard a != b else { return }
            note(area, subject, "changed", "\(what): \(a ?? "none") → \(b ?? "none")")
        }
        cmp("workflow", "", "version", String(o.version), String(n.version))
        cmp("workflow", "", "title", o.title, n.title)
        cmp("workflow", "", "calendar", o.calendar?.value, n.calendar?.value)
        cmp("workflow", "", "start", o.start.value, n.start.value)
        cmp("workflow", "", "case SLA", Self.describe(o.sla), Self.describe(n.sla))

        let oldRoles = o.roles.map(\.value), newRoles = n.roles.map(\.value)
        for r in newRoles where !oldRoles.contains(r) { note("role", r, "added", "role \(r) added") }
        for r in oldRoles where !newRoles.contains(r) { note("role", r, "removed", "role \(r) removed") }

        for f in n.data where o.field(f.name.value) == nil {
            note("field", f.name.value, "added", "field \(f.name.value) added (\(Self.describe(f)))")
        }
        for f in o.data where n.field(f.name.value) == nil {
            note("field", f.name.value, "removed", "field \(f.name.value) removed: running cases lose its value when migrated")
        }
        for f in n.data {
            guard let before = o.field(f.name.value) else { continue }
            cmp("field", f.name.value, "field \(f.name.value)", Self.describe(before), Self.describe(f))
        }

        let oldIDs = o.stages.map(\.id.value), newIDs = n.stages.map(\.id.value)
        var removed = o.stages.filter { !newIDs.contains($0.id.value) }
        var added = n.stages.filter { !oldIDs.contains($0.id.value) }
        var renamed: [(Stage, Stage)] = []
        for a in added {
            if let i = removed.firstIndex(where: { Self.sameShape($0, a) }) {
                renamed.append((removed[i], a))
                removed.remove(at: i)
            }
        }
        added.removeAll { a in renamed.contains { $0.1.id.value == a.id.value } }
        for a in added { note("stage", a.id.value, "added", "stage \(a.id.value) added: \(Self.describe(a))") }
        for r in removed {
            note("stage", r.id.value, "removed", "stage \(r.id.value) removed: cases standing there need --map \(r.id.value)=STAGE to migrate")
        }
        for (r, a) in renamed {
            note("stage", a.id.value, "renamed", "stage \(r.id.value) renamed to \(a.id.value) (migrate with --map \(r.id.value)=\(a.id.value))")
        }
        let pairs = n.stages.compactMap { s -> (Stage, Stage)? in o.stage(s.id.value).map { ($0, s) } } + renamed.map { ($0.0, $0.1) }
        for (a, b) in pairs {
            let id = b.id.value
            let stage = "stage \(id)"
            cmp("stage", id, "\(stage) kind", a.kind.rawValue, b.kind.rawValue)
            cmp("stage", id, "\(stage) title", a.title, b.title)
            cmp("stage", id, "\(stage) role", a.role?.value, b.role?.value)
            cmp("stage", id, "\(stage) tasks", Self.list(a.tasks.map(Self.describe)), Self.list(b.tasks.map(Self.describe)))
            cmp("stage", id, "\(stage) requires", Self.list(a.requires.map(\.value)), Self.list(b.requires.map(\.value)))
            cmp("stage", id, "\(stage) decide", a.decide?.value, b.decide?.value)
            cmp("stage", id, "\(stage) wait", a.wait.map { "\($0.value)" }, b.wait.map { "\($0.value)" })
            cmp("stage", id, "\(stage) SLA", Self.describe(a.sla), Self.describe(b.sla))
            cmp("stage", id, "\(stage) gate", a.gate.map(Self.describe), b.gate.map(Self.describe))
            let oldNext = Self.edges(a.next), newNext = Self.edges(b.next)
            for e in newNext where !oldNext.contains(e) { note("stage", id, "changed", "\(stage) next: \(e) added") }
            for e in oldNext where !newNext.contains(e) { note("stage", id, "changed", "\(stage) next: \(e) removed") }
        }
        otherChanges(o, n, pairs)
    }

    /// Everything else the two texts say differently, key by key (descriptions, instructions,
    /// `search`, KPIs, outcomes, field titles, order): any of it makes the text a new version,
    /// which `validate --db` asks to be numbered anew, so the diff must show it too.
    private mutating func otherChanges(_ o: Workflow, _ n: Workflow, _ pairs: [(Stage, Stage)]) {
        guard let a = Self.tree(o), let b = Self.tree(n) else { return }
        func note(_ area: String, _ subject: String, _ kind: String, _ text: String) {
            changes.append(Change(area: area, subject: subject, kind: kind, text: text))
        }
        func keys(_ x: YAMLNode?, _ y: YAMLNode?, except covered: Set<String>) -> [String] {
            var seen: [String] = []
            for pair in (x?.mapping ?? []) + (y?.mapping ?? []) {
                if let k = pair.key.text, !covered.contains(k), !seen.contains(k) { seen.append(k) }
            }
            return seen
        }
        func compare(_ area: String, _ subject: String, _ what: String, _ x: YAMLNode?, _ y: YAMLNode?) {
            guard x?.canonicalText != y?.canonicalText else { return }
            note(area, subject, "changed", Self.phrase(what, x, y))
        }
        for key in keys(a, b, except: ["kind", "id", "version", "title", "calendar", "start", "sla", "roles", "data", "stages"]) {
            compare("workflow", "", key, a[key], b[key])
        }
        for f in n.data where o.field(f.name.value) != nil {
            let name = f.name.value
            let x = a["data"]?[name], y = b["data"]?[name]
            for key in keys(x, y, except: ["type", "required", "default", "enum", "min", "max"]) {
                compare("field", name, "field \(name) \(key)", x?[key], y?[key])
            }
        }
        let oldFields = o.data.map(\.name.value).filter { n.field($0) != nil }, newFields = n.data.map(\.name.value).filter { o.field($0) != nil }
        if oldFields != newFields { note("workflow", "", "changed", "data fields in another order: \(newFields.joined(separator: ", "))") }
        for (old, new) in pairs {
            let x = a["stages"]?[old.id.value], y = b["stages"]?[new.id.value]
            for key in keys(x, y, except: ["title", "role", "tasks", "requires", "decide", "next", "sla", "gate", "wait"]) {
                compare("stage", new.id.value, key == "end" ? "stage \(new.id.value) outcome" : "stage \(new.id.value) \(key)", x?[key], y?[key])
            }
        }
        let oldStages = o.stages.map(\.id.value).filter { n.stage($0) != nil }, newStages = n.stages.map(\.id.value).filter { o.stage($0) != nil }
        if oldStages != newStages { note("workflow", "", "changed", "stages in another order: \(newStages.joined(separator: ", "))") }
        // Nothing listed, yet the texts differ: the way something is written (quoting, key order).
        if !changes.contains(where: { $0.area != "workflow" || !$0.text.hasPrefix("version:") }),
           Self.withoutVersion(a) != Self.withoutVersion(b) {
            note("workflow", "", "changed", "written differently (quoting or the order of keys: a quoted \"700\" is text, a plain 700 a number)")
        }
    }

    /// A document's canonical text without its `version:` (listed on its own).
    static func withoutVersion(_ root: YAMLNode) -> String {
        guard case .mapping(let pairs) = root.content else { return root.canonicalText }
        var copy = root
        copy.content = .mapping(pairs.filter { $0.key.text != "version" })
        return copy.canonicalText
    }

    /// The workflow's own document, read again from its text.
    static func tree(_ w: Workflow) -> YAMLNode? {
        let roots = YAMLReader.read(text: w.sourceText, file: w.location.file).documents.map(\.root)
            .filter { $0["kind"]?.text == "workflow" && $0["id"]?.text == w.id.value }
        return roots.first { $0["version"]?.text == String(w.version) } ?? roots.first
    }

    /// "what: a → b" for short values, "what changed" for long or several-line ones.
    static func phrase(_ what: String, _ x: YAMLNode?, _ y: YAMLNode?) -> String {
        let a = x.map(readable), b = y.map(readable)
        func short(_ t: String) -> Bool { t.count <= 60 && !t.contains("\n") }
        switch (a, b) {
        case (nil, let b?): return short(b) ? "\(what) added: \(b)" : "\(what) added"
        case (let a?, nil): return short(a) ? "\(what) removed (was \(a))" : "\(what) removed"
        case (let a?, let b?) where short(a) && short(b): return "\(what): \(a) → \(b)"
        default: return "\(what) changed"
        }
    }

    /// A node as one line of flow YAML (close enough to read, not to parse).
    static func readable(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let s): return s.value
        case .sequence(let items): return "[" + items.map(readable).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\(readable($0.key)): \(readable($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func sameShape(_ a: Stage, _ b: Stage) -> Bool {
        a.kind == b.kind && a.role?.value == b.role?.value && a.outcome?.value == b.outcome?.value
            && ((a.title != nil && a.title == b.title) || edges(a.next) == edges(b.next))
    }

    static func edges(_ next: Next?) -> [String] {
        switch next {
        case .stage(let s)?: return ["→ \(s.value)"]
        case .branches(let bs)?: return bs.map { b in b.when.map { "when `\($0.text)` → \(b.to.value)" } ?? "otherwise → \(b.to.value)" }
        case nil: return []
        }
    }

    static func describe(_ t: TaskDefinition) -> String {
        "\(t.id.value) (\(t.role.value))" + (t.title.map { " \"\($0)\"" } ?? "")
    }

    static func list(_ items: [String]) -> String? { items.isEmpty ? nil : items.joined(separator: ", ") }

    static func describe(_ f: DataField) -> String {
        var parts = [f.type.description]
        if f.required { parts.append("required") }
        if let allowed = f.allowed { parts.append("one of " + allowed.compactMap(\.text).joined(separator: "/")) }
        if let lo = f.min { parts.append("min \(lo)") }
        if let hi = f.max { parts.append("max \(hi)") }
        if let d = f.defaultValue?.text { parts.append("default \(d)") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ sla: SLASpec?) -> String? {
        guard let sla else { return nil }
        var parts = [sla.due.map { t in t.when.map { "\(t.due.value) when `\($0.text)`" } ?? "\(t.due.value)" }.joined(separator: ", else ")]
        if let w = sla.warn { parts.append("warn \(Int((w * 100).rounded()))%") }
        if let p = sla.pauseWhen { parts.append("paused when `\(p.text)`") }
        switch sla.escalation {
        case .named(let id)?: parts.append("ladder \(id.value)")
        case .inline(let ladder)?: parts.append("inline ladder: " + ladder.levels.map { level in
            "\(level.at.value)" + (level.notify.isEmpty ? "" : " notify \(level.notify.map(\.value).joined(separator: "/"))")
                + (level.reassign.map { " reassign \($0.value)" } ?? "") + (level.goto.map { " goto \($0.value)" } ?? "")
                + (level.set.isEmpty ? "" : " set " + level.set.map { "\($0.field.value)=\(readable($0.value))" }.joined(separator: ","))
        }.joined(separator: "; "))
        case nil: break
        }
        return parts.joined(separator: ", ")
    }

    static func describe(_ g: Gate) -> String {
        var parts = ["approvers \(g.approvers.map(\.value).joined(separator: "/"))"]
        switch g.quorum {
        case .all: parts.append("quorum all")
        case .count(let n): parts.append("quorum \(n)")
        }
        if g.fourEyes { parts.append("four-eyes") }
        parts.append("on reject → \(g.onReject.value)")
        if !g.protects.isEmpty { parts.append("protects \(g.protects.map(\.value).joined(separator: ", ")) (\(g.onChange.rawValue))") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ s: Stage) -> String {
        var parts: [String] = [s.title.map { "\"\($0)\"" } ?? "", s.kind.rawValue]
        if let r = s.role { parts.append("role \(r.value)") }
        if let g = s.gate { parts.append(describe(g)) }
        parts += edges(s.next)
        return parts.filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
