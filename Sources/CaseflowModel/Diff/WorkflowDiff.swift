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
            cmp("stage", id, "\(stage) tasks", Self.list(a.tasks.map { "\($0.id.value) (\($0.role.value))" }),
                Self.list(b.tasks.map { "\($0.id.value) (\($0.role.value))" }))
            cmp("stage", id, "\(stage) requires", Self.list(a.requires.map(\.value)), Self.list(b.requires.map(\.value)))
            cmp("stage", id, "\(stage) decide", a.decide?.value, b.decide?.value)
            cmp("stage", id, "\(stage) wait", a.wait.map { "\($0.value)" }, b.wait.map { "\($0.value)" })
            cmp("stage", id, "\(stage) SLA", Self.describe(a.sla), Self.describe(b.sla))
            cmp("stage", id, "\(stage) gate", a.gate.map(Self.describe), b.gate.map(Self.describe))
            let oldNext = Self.edges(a.next), newNext = Self.edges(b.next)
            for e in newNext where !oldNext.contains(e) { note("stage", id, "changed", "\(stage) next: \(e) added") }
            for e in oldNext where !newNext.contains(e) { note("stage", id, "changed", "\(stage) next: \(e) removed") }
        }
    }

    static func sameShape(_ a: Stage, _ b: Stage) -> Bool {
        a.kind == b.kind && a.role?.value == b.role?.value
            && ((a.title != nil && a.title == b.title) || edges(a.next) == edges(b.next))
    }

    static func edges(_ next: Next?) -> [String] {
        switch next {
        case .stage(let s)?: return ["→ \(s.value)"]
        case .branches(let bs)?: return bs.map { b in b.when.map { "when `\($0.text)` → \(b.to.value)" } ?? "otherwise → \(b.to.value)" }
        case nil: return []
        }
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
