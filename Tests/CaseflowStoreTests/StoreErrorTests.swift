import Testing
@testable import CaseflowStore

@Test func staleVersionsSayBothVersions() {
    #expect(StoreError.staleVersion(caseID: "c1", expected: 3, actual: 5).description == "case c1 is at version 5, not 3")
}
