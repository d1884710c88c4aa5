import CaseflowModel
import Foundation
import Testing

/// `kpis:` is checked at load like every condition: the aggregate's type, `where`, the target.
@Suite struct KPIValidationTests {
    static func lines(_ kpis: String) -> [String] {
        FirstHourValidationTests.lines([FirstHourValidationTests.people, ("w.yaml", """
            kind: workflow
            id: deal
            version: 1
            roles: [rep]
            data:
              amount: { type: number, min: 0 }
              score: { type: int }
              note: { type: string }
            kpis:
            \(kpis)
            start: intake
            stages:
              intake: { role: rep, next: won }
              won: { end: won }
            """)])
    }

    @Test func wellFormedKPIsLoadWithTheirParts() throws {
        let text = """
            kind: workflow
            id: deal
            version: 1
            roles: [rep]
            data:
              amount: { type: number, min: 0 }
            kpis:
              win_rate: { title: Win rate, rate: 'outcome == "won"', where: 'status == "closed"', target: 30% }
              value_won: { sum: amount, where: 'outcome == "won"', unit: CNY }
              cycle: { p90: lead_time, target: 45d, better: lower }
              cases: { count: all }
            start: intake
            stages:
              intake: { role: rep, next: won }
              won: { end: won }
            """
        let result = DefinitionLoader.load([DefinitionLoader.File(path: "w.yaml", bytes: Array(text.utf8)),
                                            DefinitionLoader.File(path: "people.yaml", bytes: Array(FirstHourValidationTests.people.1.utf8))])
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.description))")
        let kpis = try #require(result.definitions.workflow("deal")).kpis
        #expect(kpis.map(\.key.value) == ["win_rate", "value_won", "cycle", "cases"])
        #expect(kpis[0].aggregate == .rate && kpis[0].target?.value == 0.3 && kpis[0].title == "Win rate")
        #expect(kpis[1].unit == "CNY" && kpis[1].condition?.text == #"outcome == "won""#)
        #expect(kpis[2].target?.value == 45 * 86_400 && kpis[2].better == .lower)
        #expect(kpis[3].aggregate == .count && kpis[3].expression == nil)
    }

    @Test func aNonNumberToAverageIsRefusedAtItsPosition() {
        let out = Self.lines("  avg_note: { avg: note }")
        #expect(out.contains { $0.hasPrefix("w.yaml:10:") && $0.contains("avg of KPI 'avg_note' needs a number or a duration") })
    }

    @Test func conditionsAreTypeCheckedWithFilePositions() {
        let out = Self.lines("  won: { rate: 'outcome == 3' }\n  big: { count: 'amount > 10', where: 'amont > 0' }")
        #expect(out.contains { $0.hasPrefix("w.yaml:10:") && $0.contains("error") })
        #expect(out.contains { $0.hasPrefix("w.yaml:11:") && $0.contains("amont") })
    }

    @Test func oneAggregateATargetOfTheRightKindAndNoDuplicates() {
        #expect(Self.lines("  x: { title: X }").contains { $0.contains("KPI 'x' needs one aggregate") })
        #expect(Self.lines("  x: { sum: amount, avg: amount }").contains { $0.contains("KPI 'x' has 2 aggregates") })
        #expect(Self.lines("  x: { rate: 'amount > 0', target: 30 }").contains { $0.contains("the target of a rate is a share") })
        #expect(Self.lines("  x: { p50: lead_time_working, target: 5 business days }").contains { $0.contains("counts business time") })
        #expect(Self.lines("  x: { sum: amount, better: more }").contains { $0.contains("better must be higher or lower") })
        #expect(Self.lines("  x: { sum: amount, colour: red }").contains { $0.contains("colour") })
    }
}
