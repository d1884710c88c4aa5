import Testing
@testable import CaseflowYAML

@Test func locationsPrintLikeCompilers() {
    #expect(SourceLocation(file: "a.yaml", line: 3, column: 7).description == "a.yaml:3:7")
}
