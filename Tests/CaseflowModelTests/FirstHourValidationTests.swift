import CaseflowModel
import Foundation
import Testing

/// What surprised a new administrator in `caseflow validate`, each item as a failing case first.
@Suite struct FirstHourValidationTests {
    static func lines(_ files: [(String, String)], today: LocalDate? = nil) -> [String] {
        DefinitionLoader.load(files.map { DefinitionLoader.File(path: $0.0, bytes: Array($0.1.utf8)) }, today: today).diagnostics.map(\.description)
    }

    static let people = ("people.yaml", """
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [rep] }
          ben: { name: Ben, roles: [boss] }
        """)

    static func workflow(_ body: String, calendar: Bool = false) -> (String, String) {
        ("w.yaml", """
        kind: workflow
        id: deal
        version: 1
        \(calendar ? "calendar: office\n" : "")roles: [rep, boss, cfo]
        data:
          potential: { type: string, enum: [high, medium, low] }
          paid: { type: bool }
        start: intake
        stages:
        \(body)
          won: { end: won }
        """)
    }

    /// A gate the directory cannot staff holds every case for ever: an error, as README says
    /// (it was a warning, and quorum `all` with one person holding both roles was not checked).
    @Test func aGateThatCanNeverPassIsAnError() {
        let three = Self.lines([Self.people, Self.workflow("""
              intake: { role: rep, next: g }
              g: { gate: { approvers: [boss], quorum: 2, on_reject: intake }, next: won }
            """)])
        #expect(three.contains("w.yaml:11:3: error: gate g can never pass: quorum 2 needs 2 different approvers, but the directory has "
                               + "1 person holding boss"), "\(three)")
        let shared = ("people.yaml", """
            kind: directory
            id: staff
            people:
              ann: { name: Ann, roles: [rep] }
              ben: { name: Ben, roles: [boss, cfo] }
            """)
        let all = Self.lines([shared, Self.workflow("""
              intake: { role: rep, next: g }
              g: { gate: { approvers: [boss, cfo], quorum: all, on_reject: intake }, next: won }
            """)])
        #expect(all.contains("w.yaml:11:3: error: gate g can never pass: quorum all needs a different person for each of boss, cfo, "
                             + "but the directory has none left for cfo"), "\(all)")
        // Two people for the two roles (ann holds one of them as well as rep): it can pass.
        let staffed = ("people.yaml", """
            kind: directory
            id: staff
            people:
              ann: { name: Ann, roles: [rep, boss] }
              ben: { name: Ben, roles: [boss, cfo] }
            """)
        let fine = Self.lines([staffed, Self.workflow("""
              intake: { role: rep, next: g }
              g: { gate: { approvers: [boss, cfo], quorum: all, on_reject: intake }, next: won }
            """)])
        #expect(!fine.contains { $0.contains("can never pass") }, "\(fine)")
    }

    /// Levels are raised in the order written: a warning written after `breach + 1d` came a day
    /// after the breach, and nothing said so.
    @Test func aLadderOutOfOrderIsNamed() {
        let out = Self.lines([Self.people, Self.workflow("""
              intake:
                role: rep
                sla: { due: 1d, warn: 50%, escalation: [ { at: breach + 1d, notify: boss }, { at: breach, notify: rep }, { at: breach + 2d, notify: boss }, { at: warn, notify: rep } ] }
                next: won
            """)])
        #expect(out.contains { $0.contains("warning: level at breach comes after a level at breach + 1d") }, "\(out)")
        #expect(out.contains { $0.contains("warning: level at warn comes after a level at breach + 2d") })
        #expect(out.filter { $0.contains("comes after a level") }.count == 2)
    }

    @Test func aSyntaxErrorComesFirstAndItsFollowOnsAreCounted() {
        let broken = ("w.yaml", "kind: workflow\nid: deal\nversion: 1\n  roles: [rep]\n")
        let scenarios = ("s.yaml", (1...5).map { "kind: scenario\nid: s\($0)\nworkflow: deal\nclock: 2026-03-02T09:00:00+08:00\nsteps: []\n" }
            .joined(separator: "---\n"))
        let out = Self.lines([Self.people, scenarios, broken])
        #expect(out.first?.hasPrefix("w.yaml:4:") == true && out.first?.contains("error:") == true)
        #expect(!out.contains { $0.contains("unknown workflow 'deal'") })
        #expect(out.last == "\(out.first!.split(separator: ":").prefix(3).joined(separator: ":")): warning: 5 more problems in other files not shown: "
                + "they name definitions this file would have held; fix it first")
    }

    @Test func decisionOutputsAreCheckedAtTheRule() {
        let decision = ("d.yaml", """
            kind: decision
            id: grade
            hit: first
            rules:
              - when: "paid"
                set: { potential: "top" }
              - when: "!paid"
                set: { potential: 3 }
              - set: { potentail: low }
            """)
        let out = Self.lines([Self.people, Self.workflow("  intake: { role: rep, decide: grade, next: won }"), decision])
        #expect(out.contains("d.yaml:6:23: error: decision 'grade' sets 'potential', which workflow 'deal' limits: 'top' is not one of high, medium, low"))
        #expect(out.contains("d.yaml:8:23: error: decision 'grade' sets 'potential', which workflow 'deal' limits: '3' is not one of high, medium, low"))
        #expect(out.contains("d.yaml:9:12: error: decision 'grade' sets 'potentail', which workflow 'deal' does not declare in its data (did you mean 'potential'?)"))
        #expect(out.contains { $0.hasPrefix("w.yaml:") && $0.contains("sets 'potentail'") && $0.contains("the rule is at d.yaml:9:12") })
    }

    @Test func rolesNobodyHoldsAndGatesThatCanNeverPass() {
        let out = Self.lines([Self.people, Self.workflow("""
              intake: { role: rep, next: approval }
              approval:
                gate: { approvers: [boss, cfo], quorum: all, on_reject: intake }
                next: won
            """)])
        #expect(out.contains { $0.contains("error: gate approval can never pass: quorum all needs a vote from someone holding cfo, and nobody in the directory holds it") })
        #expect(out.contains { $0.contains("warning: nobody in the directory holds role cfo, which stage approval needs") })
    }

    @Test func aCalendarWhoseHolidaysRunOutIsNamed() {
        let calendar = ("c.yaml", """
            kind: calendar
            id: office
            timezone: Asia/Shanghai
            hours: { mon-fri: "09:00-18:00" }
            holidays: [2026-10-01, 2027-01-01]
            """)
        let files = [Self.people, Self.workflow("  intake: { role: rep, next: won }", calendar: true), calendar]
        let soon = Self.lines(files, today: LocalDate(year: 2026, month: 12, day: 1))
        #expect(soon.contains("c.yaml:2:5: warning: calendar office lists holidays only up to 2027-01-01: deadlines after that count every day off as a working day; add the holidays that follow"))
        #expect(Self.lines(files, today: LocalDate(year: 2026, month: 6, day: 1)).isEmpty)
        #expect(Self.lines(files).isEmpty)  // no date given: no check
    }

    @Test func businessTimeNeedsACalendar() {
        let out = Self.lines([Self.people, Self.workflow("  intake: { role: rep, sla: 5 business days, next: won }")])
        #expect(out.contains { $0.contains("error: `5 business days` counts working time, but workflow 'deal' names no calendar") })
    }

    @Test func suggestionsPreferValidCloseNamesAndStayQuiet() {
        #expect(Suggestion.closest(to: "sales_mgr", in: ["sales_rep", "sales_manager", "owner"]) == "sales_manager")
        #expect(Suggestion.closest(to: "finanse", in: ["finance", "legal"]) == "finance")
        #expect(Suggestion.closest(to: "zzzz", in: ["finance", "legal"]) == nil)
        let huge = String(repeating: "k", count: 1_000_000)
        let started = ContinuousClock.now
        let out = Self.lines([("w.yaml", "kind: workflow\nid: deal\n? \(huge)\n: 1\n")])
        #expect(ContinuousClock.now - started < .seconds(30))  // bounded: no edit distance on a megabyte
        let unknown = out.first { $0.contains("unknown key") } ?? ""
        #expect(unknown.count < 300)
        #expect(unknown.contains("'kkkkk") && unknown.contains("…'"))
    }

    @Test func anUnquotedBangIsExplained() {
        let out = Self.lines([Self.people, Self.workflow("""
              intake:
                role: rep
                next:
                  - when: !paid
                    to: won
                  - to: won
            """)])
        #expect(out.contains { $0.contains("error: YAML read `!paid` as a tag, not as part of the expression: an expression that starts with ! must be quoted, like when: \"!paid\"") })
    }
}
