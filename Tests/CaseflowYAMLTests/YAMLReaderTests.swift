import Testing
@testable import CaseflowYAML

private typealias Loc = CaseflowYAML.SourceLocation

private func read(_ text: String, limits: YAMLLimits = .standard) -> YAMLReader.Result {
    YAMLReader.read(text: text, file: "t.yaml", limits: limits)
}

@Test func nodesKnowTheirLineAndColumn() throws {
    let r = read("kind: workflow\nstages:\n  a:\n    role: rep\n")
    #expect(r.diagnostics.isEmpty)
    let root = try #require(r.documents.first?.root)
    let role = try #require(root["stages"]?["a"]?["role"])
    #expect(role.text == "rep")
    #expect(role.location == Loc(file: "t.yaml", line: 4, column: 11))
}

/// Editors on Windows start files with a UTF-8 byte order mark; it once made the first key
/// unreadable ("did not find expected <document start>" and every key reported missing).
@Test func aByteOrderMarkIsNotContent() throws {
    let r = YAMLReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("kind: calendar\nid: bom\n".utf8), file: "t.yaml")
    #expect(r.diagnostics.isEmpty)
    let root = try #require(r.documents.first?.root)
    #expect(root["kind"]?.text == "calendar")
    #expect(root["id"]?.location == Loc(file: "t.yaml", line: 2, column: 5))
    #expect(root.mapping?.first?.key.location == Loc(file: "t.yaml", line: 1, column: 1))
}

@Test func severalDocumentsInOneFile() {
    let r = read("id: a\n---\nid: b\n")
    #expect(r.documents.map { $0.root["id"]?.text } == ["a", "b"])
}

@Test func anchorsAliasesAndMergeKeys() throws {
    let r = read("""
    base: &b { role: rep, sla: 2d }
    x:
      <<: *b
      sla: 3d
    y: *b
    """)
    #expect(r.diagnostics.isEmpty)
    let root = try #require(r.documents.first?.root)
    #expect(root["x"]?["role"]?.text == "rep")
    #expect(root["x"]?["sla"]?.text == "3d")
    #expect(root["y"]?["sla"]?.text == "2d")
}

@Test func mergeOfSeveralMappingsEarlierWins() throws {
    let r = read("a: &a { k: 1 }\nb: &b { k: 2, j: 3 }\nc: { <<: [*a, *b] }\n")
    let c = try #require(r.documents.first?.root["c"])
    #expect(c["k"]?.text == "1")
    #expect(c["j"]?.text == "3")
}

@Test func aliasBombIsRefusedNotExpanded() {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1...12 {
        text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let r = read(text)
    #expect(r.documents.isEmpty)
    #expect(r.diagnostics.count == 1)
    #expect(r.diagnostics[0].message.contains("refusing to expand"))
    #expect(r.diagnostics[0].location.line == 6)
}

/// A large file without aliases is not an alias bomb: the message said "aliases that repeat
/// aliases?" for a directory of 143,000 people.
@Test func aLargeFileWithoutAliasesIsNotCalledABomb() {
    let text = (0..<60).map { "k\($0): [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]" }.joined(separator: "\n")
    let r = read(text, limits: YAMLLimits(maxExpandedNodes: 300))
    #expect(r.diagnostics.count == 1)
    #expect(r.diagnostics.first?.message == "the document has more than 300 nodes; split it into several files", "\(r.diagnostics)")
}

@Test func deepNestingIsBounded() {
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let r = read(text)
    #expect(r.diagnostics.first?.message == "nesting deeper than 200 levels is not allowed")
    #expect(r.diagnostics.first?.location == Loc(file: "t.yaml", line: 1, column: 201))
}

@Test func duplicateKeysAreErrorsWithBothPlaces() {
    let r = read("a: 1\nb: 2\na: 3\n")
    #expect(r.diagnostics == [YAMLDiagnostic(location: Loc(file: "t.yaml", line: 3, column: 1),
                                             message: "duplicate key 'a' (first given at line 1, column 1)")])
    #expect(r.documents.first?.root["a"]?.text == "1")
}

@Test func tabsUnterminatedQuotesAndBadUTF8HaveAPosition() {
    let tab = read("a:\n\tb: 1\n")
    #expect(tab.diagnostics.first?.location.line == 2)
    #expect(tab.diagnostics.first?.message.contains("tabs") == true)

    let quote = read("a: \"open\nb: 2\n")
    #expect(quote.diagnostics.first?.message.contains("found unexpected end of stream") == true)

    let utf8 = YAMLReader.read(bytes: Array("a: ok\nb: ".utf8) + [0xFF, 0x0A], file: "u.yaml")
    #expect(utf8.diagnostics.first?.location == Loc(file: "u.yaml", line: 2, column: 4))
    #expect(utf8.diagnostics.first?.message.contains("UTF-8") == true)
}

@Test func plainScalarsStayText() throws {
    let r = read("answer: no\nquoted: 'no'\n")
    let root = try #require(r.documents.first?.root)
    #expect(root["answer"]?.text == "no")
    #expect(root["answer"]?.scalar?.style == .plain)
    #expect(root["quoted"]?.scalar?.style == .singleQuoted)
}

@Test func offsetsInsideScalarsMapToTheFile() throws {
    let text = """
    a: budget > 10
    b: "x == \\"y\\" && z"
    c: |
      first
      second > 3
    d: >-
      one
      two
    """
    let r = read(text)
    let doc = try #require(r.documents.first)
    func loc(_ key: String, _ offset: Int) throws -> Loc {
        let scalar = try #require(doc.root[key]?.scalar)
        return doc.source.location(ofValueOffset: offset, in: scalar)
    }
    #expect(try loc("a", 7) == Loc(file: "t.yaml", line: 1, column: 11))
    #expect(try loc("b", 5) == Loc(file: "t.yaml", line: 2, column: 11))
    #expect(try loc("b", 10) == Loc(file: "t.yaml", line: 2, column: 17))
    #expect(try loc("c", 13) == Loc(file: "t.yaml", line: 5, column: 10))
    #expect(try loc("d", 4) == Loc(file: "t.yaml", line: 8, column: 3))
}

@Test func nonASCIIColumnsCountCharacters() throws {
    let r = read("名前: 值\nx: [1, 2\n")
    #expect(r.diagnostics.first?.location.line == 3 || r.diagnostics.first?.location.line == 2)
    let ok = read("名前: 值\nkey: v\n")
    let key = try #require(ok.documents.first?.root.mapping?[1].value)
    #expect(key.location == Loc(file: "t.yaml", line: 2, column: 6))
    let v = try #require(ok.documents.first?.root["名前"]?.scalar)
    #expect(ok.documents.first?.source.location(ofValueOffset: 0, in: v) == Loc(file: "t.yaml", line: 1, column: 5))
}
