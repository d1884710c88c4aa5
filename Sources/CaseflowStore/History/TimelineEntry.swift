import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// One event of a case as a person reads it in a timeline: who, when, what, why, release.
public struct TimelineEntry: Sendable {
    public var sequence: Int
    public var at: Instant
    public var when: String
    public var actor: String
    public var role: String?
    public var type: String
    public var what: String
    public var why: String?
    public var release: Int?
    public var version: Int
    public var kind: EventKind
    public var hash: String
}

extension HistoryFormatter {
    /// The events as timeline entries, times in `zone`, `date` fields as their day.
    public static func timeline(_ events: [StoredEvent], zone: TimeZoneRules, dateFields: Set<String> = []) throws(CodecError) -> [TimelineEntry] {
        let text = ValueText(zone: zone, dateFields: dateFields)
        var out: [TimelineEntry] = []
        out.reserveCapacity(events.count)
        for e in events {
            let event = try EventCodec.decode(e.body).event
            out.append(TimelineEntry(sequence: e.sequence, at: event.at, when: InstantText.readable(event.at, zone: zone), actor: event.actor,
                                     role: event.role, type: event.kind.name, what: summary(event.kind, text),
                                     why: event.why.map { describe($0, text) }, release: event.release, version: event.version,
                                     kind: event.kind, hash: e.hash))
        }
        return out
    }
}
