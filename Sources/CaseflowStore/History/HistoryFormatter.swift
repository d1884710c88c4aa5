import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// A case's stored events as auditors read them.
public enum HistoryFormatter {
    /// `dateFields`: fields of type `date`, printed as their day in `zone`. Every other timestamp
    /// prints in `zone` too, and durations as people write them (`30d`, `4h 30m`).
    public static func render(_ events: [StoredEvent], format: HistoryFormat, zone: TimeZoneRules,
                              dateFields: Set<String> = []) throws(CodecError) -> String {
        let text = ValueText(zone: zone, dateFields: dateFields)
        switch format {
        case .json:
            return "[\n" + events.map(\.body).joined(separator: ",\n") + "\n]\n"
        case .text:
            var out = ""
            var release: Int?
            var version: Int?
            for e in events {
                let event = try EventCodec.decode(e.body).event
                if let r = event.release, r != release {
                    // The definitions in force changed (or are named for the first time).
                    out += "-- release \(r)\(release == nil ? "" : " (was \(release!))"), workflow version \(event.version) --\n"
                    release = r
                } else if let v = version, v != event.version {
                    // The case moved to another version under the same definitions (a migration).
                    out += "-- workflow version \(event.version) (was \(v)) --\n"
                }
                version = event.version
                var line = InstantText.readable(event.at, zone: zone) + "  \(event.actor)" + (event.role.map { " (\($0))" } ?? "")
                    + "  \(event.kind.name)"
                let what = summary(event.kind, text)
                if !what.isEmpty { line += "  \(what)" }
                if let why = event.why { line += "  — why: " + describe(why, text) }
                out += printable(line) + "\n"
            }
            return out
        case .csv:
            var out = "seq,at,actor,role,type,what,why,release,hash\n"
            for e in events {
                let event = try EventCodec.decode(e.body).event
                let fields = [String(e.sequence), InstantText.format(event.at), event.actor, event.role ?? "", event.kind.name, summary(event.kind, text),
                              event.why.map { describe($0, text) } ?? "", event.release.map(String.init) ?? "", e.hash]
                out += fields.map { csv(printable($0)) }.joined(separator: ",") + "\n"
            }
            return out
        }
    }

    /// Text as a terminal shows it and nothing more: control characters (a carriage return that
    /// would draw a forged line over the real one, escape sequences that hide text) and the
    /// characters that reorder text (right-to-left overrides) in reasons and notes are written as
    /// escapes, `\r`, `\u{1B}`, `\u{202E}`.
    public static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isHidden) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            guard isHidden(u) else {
                out.unicodeScalars.append(u)
                continue
            }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += MarkupText.visible(u)
            }
        }
        return out
    }

    private static func isHidden(_ u: Unicode.Scalar) -> Bool {
        if u.properties.generalCategory == .control { return true }
        switch u.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:  // direction marks, embeddings, overrides, isolates
            return true
        case 0x2028, 0x2029:  // line and paragraph separators
            return true
        default:
            return false  // the joiners of emoji and scripts stay as they are
        }
    }

    static func describe(_ why: Why, _ text: ValueText) -> String {
        guard !why.values.isEmpty else { return why.reason }
        return why.reason + " (" + why.values.map { "\($0.name) = \(text.show($0.value, field: $0.name))" }.joined(separator: ", ") + ")"
    }

    /// What happened, in a few words: the stage, the fields, the vote.
    static func summary(_ kind: EventKind, _ text: ValueText) -> String {
        func change(_ c: FieldChange) -> String { "\(c.field)=\(text.show(c.value, field: c.field))" }
        switch kind {
        case .opened(let workflow, _, let data): return ([workflow] + data.map(change)).joined(separator: " ")
        case .dataChanged(let changes): return changes.map(change).joined(separator: " ")
        case .stageEntered(let stage, let role, let until):
            return stage + (role.map { " (\($0))" } ?? "") + (until.map { " until \(InstantText.format($0))" } ?? "")
        case .stageCompleted(let stage, _), .gatePassed(let stage): return stage
        case .taskCompleted(let stage, let task): return "\(stage)/\(task)"
        case .assigned(let stage, let to, let task): return "\(stage)\(task.map { "/\($0)" } ?? "") → \(to)"
        case .unassigned(let stage, let task): return "\(stage)\(task.map { "/\($0)" } ?? "") → its queue"
        case .moved(let from, let to, let reason): return "\(from) → \(to): \(reason)"
        case .decisionEvaluated(let decision, let rules, let outputs):
            return "\(decision) rule\(rules.count == 1 ? "" : "s") \(rules.map(String.init).joined(separator: ",")) " + outputs.map(change).joined(separator: " ")
        case .voteCast(let stage, let approve, let note): return "\(stage) \(approve ? "approve" : "reject")" + (note.map { ": \($0)" } ?? "")
        case .gateRejected(let stage, let reason): return "\(stage): \(reason)"
        case .slaStarted(let scope, let clock):
            return "\(scope.rawValue) \(clock.target)" + (clock.deadline.map { " due \(InstantText.format($0))" } ?? "")
        case .slaRetargeted(let scope, let target, _, _, let deadline, _):
            return "\(scope.rawValue) \(target)" + (deadline.map { " due \(InstantText.format($0))" } ?? "")
        case .slaWarned(let scope, let late), .slaBreached(let scope, let late):
            return scope.rawValue + (late > 0 ? " (\(late / 1000)s late)" : "")
        case .slaPaused(let scope, _), .slaResumed(let scope, _, _): return scope.rawValue
        case .slaStopped(let scope, _, let working): return "\(scope.rawValue) after \(working / 1000)s working"
        case .escalationRaised(let e):
            var parts = ["\(e.stage) level \(e.level) at \(e.moment)"]
            if !e.notified.isEmpty { parts.append("notify " + e.notified.joined(separator: ",")) }
            if let r = e.reassign { parts.append("reassign \(r)") }
            if let g = e.goto { parts.append("goto \(g)") }
            return parts.joined(separator: "; ")
        case .stuck(let reason): return reason
        case .caseClosed(let outcome): return outcome
        case .caseCancelled(let reason): return reason ?? ""
        case .migrated(let m):
            return "version \(m.fromVersion) → \(m.toVersion), stage \(m.fromStage) → \(m.toStage)" + (m.reason.map { ": \($0)" } ?? "")
        }
    }


    /// A field as a CSV cell. One that starts like a spreadsheet formula (`=`, `+`, `-`, `@`) gets
    /// a leading `'`, as OWASP advises: case data (a cancel reason, a customer) reaches the file,
    /// and a spreadsheet would run `=HYPERLINK(…)` in it. (A leading tab or carriage return, which
    /// OWASP names too, never reaches here: `printable` has written it as `\t` or `\r`.)
    static func csv(_ field: String) -> String {
        var field = field
        if let first = field.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Values as an auditor reads them in a timeline.
struct ValueText {
    let zone: TimeZoneRules
    let dateFields: Set<String>

    func show(_ v: Value, field: String?) -> String {
        switch v {
        case .timestamp(let t):
            let instant = Instant(millis: t.seconds * 1000 + Int64(t.nanos) / 1_000_000)
            if let field, dateFields.contains(field) { return zone.localDateTime(of: instant).date.description }
            return InstantText.readable(instant, zone: zone)
        case .duration(let d): return DurationText.human(d)
        default: return JSONPrinter.print(v)
        }
    }
}
