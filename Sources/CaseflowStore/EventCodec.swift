import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// A case's event ↔ its canonical JSON, the text the hash chain covers (README: "The canonical form of history events").
public enum EventCodec {
    public static func encode(_ event: CaseEvent, caseID: String) -> String {
        EventWriter.write(event, caseID: caseID)
    }

    public static func tree(_ event: CaseEvent, caseID: String) -> Value {
        CanonicalJSON.object([
            ("seq", .int(Int64(event.sequence))),
            ("at", .string(InstantText.format(event.at))),
            ("actor", .string(event.actor)),
            ("case", .string(caseID)),
            ("version", .int(Int64(event.version))),
            ("type", .string(event.kind.name)),
            ("data", data(of: event.kind)),
            ("why", event.why.map(why) ?? .null),
        ] + (event.role.map { [("role", Value.string($0))] } ?? []) + (event.release.map { [("release", Value.int(Int64($0)))] } ?? []))
    }

    public static func decode(_ body: String) throws(CodecError) -> (caseID: String, event: CaseEvent) {
        let o = try JSONReader(try CanonicalJSON.parse(body), path: "event")
        let type = try o.string("type")
        let kind = try kind(type, try o.reader("data"))
        var why: Why?
        if !o.raw("why").isNull {
            let w = try o.reader("why")
            var values: [(name: String, value: Value)] = []
            for (i, item) in try w.list("values").enumerated() {
                let pair = try JSONReader(item, path: "\(w.path).values[\(i)]")
                values.append((try pair.string("name"), try ValueJSON.decode(pair.raw("value"), at: "\(pair.path).value")))
            }
            why = Why(try w.string("reason"), values: values)
        }
        let event = CaseEvent(sequence: try o.int("seq"), at: try o.instant("at"), actor: try o.string("actor"),
                              version: try o.int("version"), kind: kind, why: why,
                              role: o.raw("role").isNull ? nil : try o.string("role"),
                              release: o.raw("release").isNull ? nil : try o.int("release"))
        return (try o.string("case"), event)
    }

    /// The values stay a list, in the order the condition named them.
    private static func why(_ w: Why) -> Value {
        CanonicalJSON.object([
            ("reason", .string(w.reason)),
            ("values", .list(w.values.map { CanonicalJSON.object([("name", .string($0.name)), ("value", ValueJSON.encode($0.value))]) })),
        ])
    }
}
