import Testing
@testable import CaseflowModel

/// Each broken fixture yields exactly its diagnostics: file, line, column and message.
@Suite struct BrokenFixtureTests {
    private let bossWarnings = [
        "policies.yaml:11:29: warning: role 'boss' of 'ben' is not a role of any workflow",
        "policies.yaml:12:29: warning: role 'boss' of 'cat' is not a role of any workflow",
    ]

    @Test func theValidFixtureIsClean() {
        #expect(Fixture.diagnostics("valid.yaml") == [])
    }

    @Test func unknownKeysSuggestTheRightOne() {
        #expect(Fixture.diagnostics("broken/unknown-key.yaml") == [
            "broken/unknown-key.yaml:8:5: error: unknown key 'rol' in stage 'a' (did you mean 'role'?)",
        ] + bossWarnings)
    }

    @Test func wrongTypesAndEnumValues() {
        #expect(Fixture.diagnostics("broken/wrong-types.yaml") == [
            "broken/wrong-types.yaml:3:10: error: version must be an integer, found 'three'",
            "broken/wrong-types.yaml:6:19: error: unknown type 'nmber' (did you mean 'number'?); types are string, int, number, bool, date, timestamp, duration, list<T>, map<T>",
            "broken/wrong-types.yaml:7:55: error: default of 'grade': 'huge' is not one of big, small",
            "broken/wrong-types.yaml:8:32: error: default of 'count': expected an int, found '7' (quoted, so text)",
            "broken/wrong-types.yaml:11:31: error: due '2 bussiness days' is not a duration: write e.g. 45m, 4h, 1d 4h, P2DT4H, 4 business hours or 5 business days",
            "broken/wrong-types.yaml:11:55: error: warn must be a percentage above 0% and below 100%, like 80%, found '120%'",
        ])
    }

    @Test func unknownReferencesOfEveryKind() {
        #expect(Fixture.diagnostics("broken/unknown-references.yaml") == [
            "broken/unknown-references.yaml:4:11: error: unknown calendar 'ofice' (did you mean 'office'?)",
            "broken/unknown-references.yaml:11:11: error: role 'reps' is not one of the workflow's roles (did you mean 'rep'?)",
            "broken/unknown-references.yaml:12:16: error: requires 'amout' is not a data field (did you mean 'amount'?)",
            "broken/unknown-references.yaml:13:33: error: unknown escalation 'ladderr' (did you mean 'ladder'?)",
            "broken/unknown-references.yaml:16:13: error: unknown decision 'grading' (did you mean 'grade'?)",
            "broken/unknown-references.yaml:17:11: error: next 'dne' is not a stage of this workflow (did you mean 'done'?)",
        ])
    }

    @Test func unreachableStagesAndStagesThatCannotEnd() {
        #expect(Fixture.diagnostics("broken/graph.yaml") == [
            "broken/graph.yaml:8:3: error: stage 'orphan' cannot be reached from the start stage 'a'",
            "broken/graph.yaml:9:3: error: stage 'loop1' cannot be reached from the start stage 'a'",
            "broken/graph.yaml:10:3: error: stage 'loop2' cannot be reached from the start stage 'a'",
        ] + bossWarnings)
        let deadEnd = Fixture.load(text: """
        kind: workflow
        id: w
        version: 1
        roles: [rep]
        start: a
        stages:
          a: { role: rep, next: [ { when: "true", to: b }, { to: done } ] }
          b: { role: rep, next: c }
          c: { role: rep, next: b }
          done: { end: won }
        """)
        #expect(deadEnd.diagnostics.map(\.description) == [
            "t.yaml:8:3: error: no end stage can be reached from stage 'b': cases there could never close",
            "t.yaml:9:3: error: no end stage can be reached from stage 'c': cases there could never close",
        ])
    }

    @Test func stagesThatMixKindsAndApproversOutsideTheRoles() {
        #expect(Fixture.diagnostics("broken/mixed-kinds.yaml") == [
            "broken/mixed-kinds.yaml:8:5: error: stage 'a' mixes kinds: a gate cannot also have 'role'",
            "broken/mixed-kinds.yaml:9:31: error: approver role 'ceo' is not one of the workflow's roles (did you mean 'rep'?)",
            "broken/mixed-kinds.yaml:13:5: error: stage 'b' mixes kinds: a wait stage cannot also have 'tasks'",
            "broken/mixed-kinds.yaml:15:3: error: stage 'c' has no kind: give it a role (worked), decide (automatic), gate, wait or end",
            "broken/mixed-kinds.yaml:16:21: error: stage 'done' mixes kinds: an end stage cannot also have 'next'",
        ])
    }

    @Test func aNextListWithoutDefaultIsAWarning() {
        let result = DefinitionLoader.load([Fixture.file("policies.yaml"), Fixture.file("broken/next-without-default.yaml")])
        #expect(!result.hasErrors)
        #expect(result.diagnostics.map(\.description).first ==
            "broken/next-without-default.yaml:12:7: warning: the next list has no default (an entry without 'when'): when no condition holds, completing the stage is refused")
    }

    @Test func idsDefinedTwiceAndOneVersionWithTwoContents() {
        #expect(Fixture.diagnostics("broken/twice.yaml") == [
            "broken/twice.yaml:2:5: error: decision 'grade' is defined twice (first at policies.yaml:23:5)",
            "broken/twice.yaml:16:5: error: workflow 'deal' version 1 is defined twice with different content (first at broken/twice.yaml:7:5); give the new one a higher version",
        ] + bossWarnings)
    }

    @Test func decisionOutputsMissingOrTypedDifferently() {
        #expect(Fixture.diagnostics("broken/decision-outputs.yaml") == [
            "broken/decision-outputs.yaml:21:27: error: decision 'grade' sets 'grade', which workflow 'other' does not declare in its data (used here; the rule is at policies.yaml:27:12)",
        ] + bossWarnings + [
            "policies.yaml:27:12: error: decision 'grade' sets 'grade', which workflow 'other' does not declare in its data",
            "policies.yaml:27:19: error: decision 'grade' sets 'grade', which workflow 'deal' declares int: expected an int, found 'big' (quoted, so text)",
            "policies.yaml:28:12: error: decision 'grade' sets 'grade', which workflow 'other' does not declare in its data",
            "policies.yaml:28:19: error: decision 'grade' sets 'grade', which workflow 'deal' declares int: expected an int, found 'small' (quoted, so text)",
        ])
    }

    @Test func escalationGotoToAStageTheWorkflowLacks() {
        #expect(Fixture.diagnostics("broken/escalation-goto.yaml") == bossWarnings + [
            "policies.yaml:19:9: error: `1 business day` counts working time, but workflow 'deal' names no calendar, so every hour would count: add `calendar: ID`, or write a wall-clock duration",
            "policies.yaml:20:11: error: goto 'lost': workflow 'deal' has no such stage",
        ])
    }

    @Test func malformedAndOverlappingHours() {
        #expect(Fixture.diagnostics("broken/hours.yaml") == [
            "broken/hours.yaml:3:11: error: unknown time zone 'Europe/Berlln': use an IANA name like Asia/Shanghai or Europe/Berlin",
            "broken/hours.yaml:5:26: error: hours of 'mon-fri': range 12:00-18:00 overlaps 09:00-13:00",
            "broken/hours.yaml:6:9: error: hours of 'sat': expected a time like 09:00",
            "broken/hours.yaml:7:15: error: hours of 'sun': time is past 24:00",
            "broken/hours.yaml:8:3: error: 'funday': unknown day 'funday' (use mon, tue, wed, thu, fri, sat, sun)",
        ])
    }

    @Test func scenariosNameRealPeopleTasksAndStages() {
        #expect(Fixture.diagnostics("valid.yaml", "broken/scenario.yaml") == [
            "broken/scenario.yaml:6:17: error: unknown person 'zed' (did you mean 'ben'?); people come from the directory",
            "broken/scenario.yaml:7:32: error: task 'nope' is not a task of workflow 'deal'",
            "broken/scenario.yaml:8:22: error: stage 'intakee' is not a stage of workflow 'deal' (did you mean 'intake'?)",
            "broken/scenario.yaml:8:39: error: status must be one of open, closed, cancelled, found 'done'",
            "broken/scenario.yaml:9:5: error: unknown step 'jump'; steps are open, complete, set, approve, reject, assign, cancel, migrate, wait, expect, fails",
        ])
    }

    @Test func yamlSyntaxErrorsKeepTheirPosition() {
        #expect(Fixture.diagnostics("broken/tab.yaml").first ==
            "broken/tab.yaml:7:1: error: found character that cannot start any token while scanning for the next token (tabs cannot indent YAML; use spaces)")
    }
}
