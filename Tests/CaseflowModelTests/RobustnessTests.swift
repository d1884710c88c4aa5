import Testing
@testable import CaseflowModel

/// No malformed input crashes or hangs the loader; each gets a positioned diagnostic.
@Suite struct RobustnessTests {
    @Test func anAliasBombIsAnErrorNotAHang() {
        var text = "kind: workflow\nid: w\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...15 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let r = Fixture.load(text: text)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message.contains("refusing to expand") == true)
    }

    @Test func tenThousandDeepNestingIsAnError() {
        let r = Fixture.load(text: "kind: workflow\nid: " + String(repeating: "[", count: 10_000))
        #expect(r.diagnostics.first?.description == "t.yaml:2:204: error: nesting deeper than 200 levels is not allowed")
    }

    @Test func invalidUTF8IsPositioned() {
        let r = DefinitionLoader.load([DefinitionLoader.File(path: "u.yaml", bytes: Array("kind: workflow\nid: ".utf8) + [0xC3, 0x28])])
        #expect(r.diagnostics.first?.location.line == 2)
        #expect(r.diagnostics.first?.message.contains("UTF-8") == true)
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix(seed: 42)
        let alphabet = Array("kind: workflow\nid stages:{}[]-&*!|>'\"#%@`\t ,?<<:\u{0}é\r\n".utf8)
        for _ in 0..<2_000 {
            let n = Int(rng.next() % 120)
            let bytes = (0..<n).map { _ in rng.next() % 7 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            _ = DefinitionLoader.load([DefinitionLoader.File(path: "r.yaml", bytes: bytes)])
        }
    }

    @Test func wrongShapesEverywhereAreReportedNotFatal() {
        let r = Fixture.load(text: """
        kind: workflow
        id: W
        version: [1]
        roles: rep
        data: 5
        start: {}
        stages: [a, b]
        """)
        #expect(r.diagnostics.map(\.description) == [
            "t.yaml:2:5: error: workflow id 'W' is not a valid id: use lower-case letters, digits, '-' or '_', starting with a letter",
            "t.yaml:3:10: error: version must be an integer, found a list",
            "t.yaml:4:8: error: roles must be a list, found a scalar; write [rep]",
            "t.yaml:5:7: error: data must be a mapping, found a scalar",
            "t.yaml:6:8: error: start stage must be text, found a mapping",
            "t.yaml:7:9: error: stages must be a mapping, found a list",
        ])
    }

    @Test func unknownKindsAndMissingKind() {
        #expect(Fixture.load(text: "kind: workflw\nid: x\n").diagnostics.map(\.description) == [
            "t.yaml:1:7: error: unknown kind 'workflw' (did you mean 'workflow'?); kinds are workflow, decision, calendar, escalation, directory, scenario",
        ])
        #expect(Fixture.load(text: "id: x\n").diagnostics.map(\.description) == [
            "t.yaml:1:1: error: this document has no 'kind:'; use one of workflow, decision, calendar, escalation, directory, scenario",
        ])
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
