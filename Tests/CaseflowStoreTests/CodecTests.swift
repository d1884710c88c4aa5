import CaseflowEngine
import CaseflowFiles
import Foundation
import CaseflowModel
import CaseflowRules
@testable import CaseflowStore
import Testing

@Suite struct CodecTests {
    /// Events of real engine runs: a won deal, a rejected one, and cases whose SLA warned, breached and escalated.
    static func engineEvents() throws -> [CaseEvent] {
        var events: [CaseEvent] = []
        events += try TestCases.writes(caseID: "won").flatMap(\.events)
        events += try TestCases.writes(caseID: "lost", approve: false).flatMap(\.events)
        events += try TestCases.openCase(caseID: "late", advancedBy: 50 * TestCases.hour).flatMap(\.events)
        events += try TestCases.openCase(caseID: "gone", advancedBy: 100 * TestCases.hour).flatMap(\.events)
        return events
    }

    @Test func everyEngineEventRoundTrips() throws {
        let events = try Self.engineEvents()
        let types = Set(events.map(\.kind.name))
        for t in ["opened", "data_changed", "stage_entered", "stage_completed", "decision_evaluated", "vote_cast", "gate_passed",
                  "gate_rejected", "sla_started", "sla_warned", "sla_breached", "escalation_raised", "case_closed"] {
            #expect(types.contains(t), "no \(t) event in the runs")
        }
        for e in events {
            let body = EventCodec.encode(e, caseID: "c-1")
            let back = try EventCodec.decode(body)
            #expect(back.caseID == "c-1")
            #expect(back.event.sequence == e.sequence && back.event.at == e.at && back.event.actor == e.actor && back.event.version == e.version)
            #expect(back.event.kind == e.kind, "\(body)")
            #expect(back.event.why == e.why, "\(body)")
            #expect(EventCodec.encode(back.event, caseID: "c-1") == body)
        }
    }

    @Test func hardKindsRoundTrip() throws {
        let at = Instant(millis: 1_772_413_200_123)
        let clock = SLAClock("2 business days", business: true, startedAt: at, budget: 57_600_000, consumed: 5, runningSince: nil,
                             deadline: nil, warnAt: at + 1, warned: true, breachedAt: at + 2, levelsFired: 1)
        let kinds: [EventKind] = [
            .taskCompleted(stage: "s", task: "t"), .assigned(stage: "s", to: "bob"),
            .slaStarted(.case, clock), .slaRetargeted(.stage, target: "x", budget: 9, workingMoment: true, deadline: nil, warnAt: at),
            .slaPaused(.stage, consumed: 12), .slaResumed(.case, deadline: at, warnAt: nil),
            .slaStopped(.stage, met: true, workingMillis: 4), .slaStopped(.case, met: false, workingMillis: 5),
            .stuck(reason: "division by zero"), .caseCancelled(reason: nil), .caseCancelled(reason: "dup \"quoted\"\n"),
            .voteCast(stage: "g", approve: false, note: nil),
            .escalationRaised(EscalationRecord(.stage, stage: "s", level: 2, moment: "breach + 1d", notified: ["a", "b"],
                                               reassign: "boss", set: [FieldChange("x", 1)], goto: nil, lateMillis: 7)),
        ]
        for kind in kinds {
            let e = CaseEvent(sequence: 3, at: at, actor: "ann", version: 2, kind: kind, why: nil)
            let back = try EventCodec.decode(EventCodec.encode(e, caseID: "c"))
            #expect(back.event.kind == kind)
        }
    }

    @Test func valuesKeepTheirTypes() throws {
        let values: [Value] = [
            .null, .bool(true), .int(-3), .uint(UInt64.max), .double(1), .double(0.1), .double(.infinity), .double(-.infinity),
            .string("é \u{1} \"x\" \\ / \n"), .bytes([0, 1, 254, 255]), .list([1, "a", .null]),
            .stringMap([("b", 1), ("a", 2.5), ("$odd", "x")]), .stringMap([("z", 1), ("a", .list([]))]),
            .map([(.int(1), "one"), (.bool(true), "yes")]),
            .timestamp(try #require(CELTimestamp(seconds: 1_772_413_200, nanos: 5_000_000))),
            .timestamp(try #require(CELTimestamp(seconds: 1_772_413_200, nanos: 123_456_789))),
            .duration(try #require(CELDuration(seconds: 3600, nanos: 500))),
            .object(ObjectValue(typeName: "case", fields: ["stage": "x", "$n": 1])),
            .type(.list(.map(.string, .int))),
        ]
        for v in values {
            let text = CanonicalJSON.print(ValueJSON.encode(v))
            let back = try ValueJSON.decode(CanonicalJSON.parse(text))
            #expect(back == v || (v.isNaNDouble && back.isNaNDouble), "\(text)")
            if case .map(let m) = v, case .map(let n) = back { #expect(m.entries.count == n.entries.count) }
        }
        let nan = try ValueJSON.decode(CanonicalJSON.parse(CanonicalJSON.print(ValueJSON.encode(.double(.nan)))))
        #expect(nan.isNaNDouble)
    }

    @Test func canonicalFormIsExact() {
        let e = CaseEvent(sequence: 2, at: Instant(millis: 1_772_413_200_000), actor: "ann", version: 1,
                          kind: .stageEntered(stage: "x", role: "y", waitUntil: nil),
                          why: Why("amount > 10.0", values: [("amount", .double(50)), ("grade", "big")]))
        #expect(EventCodec.encode(e, caseID: "c1") == #"{"actor":"ann","at":"2026-03-02T01:00:00.000Z","case":"c1","#
            + #""data":{"role":"y","stage":"x","wait_until":null},"seq":2,"type":"stage_entered","version":1,"#
            + #""why":{"reason":"amount > 10.0","values":[{"name":"amount","value":50.0},{"name":"grade","value":"big"}]}}"#)
        let changed = CaseEvent(sequence: 3, at: Instant(millis: -1), actor: "system", version: 1,
                                kind: .dataChanged([FieldChange("n", 7), FieldChange("when", ValueDecoder.timestamp(Instant(millis: 5)))]))
        #expect(EventCodec.encode(changed, caseID: "c1") == #"{"actor":"system","at":"1969-12-31T23:59:59.999Z","case":"c1","#
            + #""data":{"changes":[{"field":"n","value":7},{"field":"when","value":{"$timestamp":"1970-01-01T00:00:00.005Z"}}]},"#
            + #""seq":3,"type":"data_changed","version":1,"why":null}"#)
    }

    @Test func brokenBodiesSayWhere() {
        #expect(throws: CodecError.self) { try EventCodec.decode("{") }
        #expect(throws: CodecError("event.data.stage: expected text, found nothing")) {
            try EventCodec.decode(#"{"actor":"a","at":"2026-03-02T01:00:00.000Z","case":"c","data":{},"seq":1,"type":"stage_completed","version":1,"why":null}"#)
        }
        #expect(throws: CodecError("event: unknown type 'exploded'")) {
            try EventCodec.decode(#"{"actor":"a","at":"2026-03-02T01:00:00.000Z","case":"c","data":{},"seq":1,"type":"exploded","version":1,"why":null}"#)
        }
    }

    /// A snapshot that is not one is refused with a message, never trapped on; a field of the
    /// wrong type is refused by both readers.
    @Test func brokenSnapshotsAreRefused() throws {
        let good = try StateCodec.encode(try TestCases.writes(caseID: "won").last!.snapshot.decodedState())
        for broken in ["", "{", "[]", "{}", good.replacingOccurrences(of: "\"sequence\":", with: "\"sequence\":\"x\",\"y\":"),
                       good.replacingOccurrences(of: "{\"string\":", with: "{\"string\":1,\"int\":")] {
            #expect(throws: CodecError.self) { try StateCodec.decode(broken) }
            #expect(throws: SnapshotReadError.self) { try CaseState(snapshotJSON: broken) }
        }
    }

    @Test func statesRoundTripWithoutReplay() throws {
        let runs = try [TestCases.writes(caseID: "won"), TestCases.openCase(caseID: "late", advancedBy: 50 * TestCases.hour),
                        TestCases.openCase(caseID: "fresh")]
        for writes in runs {
            let last = try #require(writes.last)
            let state = try last.snapshot.decodedState()
            var replayed = try #require(CaseState.replay(writes.flatMap(\.events), in: TestCases.engine.catalog))
            #expect(try StateCodec.encode(StateCodec.decode(last.snapshot.state)) == last.snapshot.state)
            // `now` is the last slot: the engine sets it for each command, replay does not.
            replayed.slots[replayed.slots.count - 1] = state.slots[state.slots.count - 1]
            let (x, y) = (try StateCodec.encode(state), try StateCodec.encode(replayed))
            #expect(x == y, "\(x)\n\(y)")
            #expect(state.slots == replayed.slots && state.stageClock == replayed.stageClock && state.actors == replayed.actors)
            #expect(state.openEscalations == replayed.openEscalations && state.sequence == last.snapshot.version)
            // The restored state drives the engine like the replayed one.
            let later = last.snapshot.updatedAt + 200 * TestCases.hour
            let a = TestCases.engine.advance(state, to: later).events.map(\.kind)
            let b = TestCases.engine.advance(replayed, to: later).events.map(\.kind)
            #expect(a == b)
        }
    }

    @Test func chainNamesTheFirstBrokenEvent() throws {
        let write = try PreparedWrite(try TestCases.writes(caseID: "c1")[0])
        var events = write.chained(after: HashChain.genesis)
        #expect(HashChain.verify(events).isIntact)
        let original = events[2].hash
        events[2].body = events[2].body.replacingOccurrences(of: "\"version\":1", with: "\"version\":2")
        guard case .broken(let b) = HashChain.verify(events) else { Issue.record("not detected"); return }
        #expect(b.sequence == 3 && b.problem == .hash && b.found == original && b.expected != original)
        #expect(HashChain.hash(previous: HashChain.genesis, body: "x") == "0152f4f98e11e409b35bfa9b5e18c329427b7f29deedbc071733db222ce38158")
    }
}

private extension Value {
    var isNaNDouble: Bool {
        if case .double(let d) = self { return d.isNaN }
        return false
    }

    /// Every shipped scenario run through the engine: its events and the state after each.
    static func shippedRuns() throws -> [(scenario: String, events: [CaseEvent], catalog: WorkflowCatalog)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = DefinitionFiles.load(["Workflows", "Policies"].map { root.appendingPathComponent($0).path })
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        let catalog = try WorkflowCompiler.compileAll(loaded.definitions)
        let runner = ScenarioRunner(engine: Engine(catalog: catalog))
        return loaded.definitions.scenarios.map { scenario in
            let result = runner.run(scenario)
            return (scenario.id.value, result.events, catalog)
        }
    }

    /// The hand-written writers against the tree the canonical form is defined by, and against
    /// `Codable`, for every event and state of every shipped scenario (every event type, SLA
    /// clocks paused, breached and retargeted, escalations, votes, cancels).
    @Test func writersAgreeWithTheCanonicalTreeAndCodable() throws {
        let runs = try Self.shippedRuns()
        #expect(runs.count >= 50)
        var types = Set<String>()
        for run in runs {
            #expect(!run.events.isEmpty, "\(run.scenario) wrote no events")
            for e in run.events {
                types.insert(e.kind.name)
                let fast = EventCodec.encode(e, caseID: "c-\(run.scenario)")
                #expect(fast == CanonicalJSON.print(EventCodec.tree(e, caseID: "c-\(run.scenario)")), "\(run.scenario) \(e.kind.name)")
                let back = try EventCodec.decode(fast)
                #expect(back.event.kind == e.kind && back.event.why == e.why)
            }
            guard let state = CaseState.replay(run.events, in: run.catalog) else { continue }
            let text = try StateCodec.encode(state)
            let decoded = try StateCodec.decode(text)
            #expect(decoded == state, "\(run.scenario)")
            #expect(try StateCodec.encode(decoded) == text)
            // What JSONEncoder wrote before reads back to the same state.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let old = String(decoding: try encoder.encode(state), as: UTF8.self)
            #expect(try StateCodec.decode(old) == state)
            // Both read by hand, not through the Codable fallback.
            #expect(try CaseState(snapshotJSON: text) == state)
            #expect(try CaseState(snapshotJSON: old) == state)
        }
        for type in ["opened", "data_changed", "stage_entered", "stage_completed", "task_completed", "decision_evaluated",
                     "vote_cast", "gate_passed", "gate_rejected", "sla_started", "sla_retargeted", "sla_warned", "sla_paused",
                     "sla_resumed", "sla_breached", "sla_met", "sla_missed", "escalation_raised", "case_closed", "case_cancelled"] {
            #expect(types.contains(type), "no shipped scenario writes \(type)")
        }
    }
}
