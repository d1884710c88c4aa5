import Testing
@testable import CaseflowYAML

private typealias Loc = CaseflowYAML.SourceLocation

@Test func locationsPrintLikeCompilers() {
    #expect(Loc(file: "a.yaml", line: 3, column: 7).description == "a.yaml:3:7")
}
