import Testing
@testable import CaseflowModel

@Suite struct ShippedDefinitionTests {
    @Test func theShippedWorkflowsAndPoliciesValidateClean() {
        let result = DefinitionLoader.load(Fixture.shipped("Workflows", "Policies"))
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.definitions.workflow("service-sales") != nil)
        #expect(result.definitions.workflow("after-sales-service") != nil)
    }

    @Test func theShippedFilesUseEveryStageKind() throws {
        let set = DefinitionLoader.load(Fixture.shipped("Workflows", "Policies")).definitions
        let sales = try #require(set.workflow("service-sales"))
        let kinds = Set(sales.stages.map(\.kind))
        #expect(kinds == [.worked, .automatic, .gate, .timer, .end])
        #expect(set.calendars["cn-office"]?.calendar.holidays.contains(LocalDate(year: 2026, month: 2, day: 17)!) == true)
    }
}
