import Testing
@testable import CaseflowRules

@Suite struct JSONTests {
    @Test(arguments: [
        ("1", "1"), ("1.0", "1.0"), ("1e3", "1000.0"), ("-0", "0"), ("9223372036854775808", "9.223372036854776e+18"),
        ("\"a\\nb\\u00e9\\ud83d\\ude00\"", "\"a\\nbé😀\""), ("[1,[2,{}]]", "[1,[2,{}]]"), ("{\"b\":1,\"a\":[true,false,null]}", "{\"b\":1,\"a\":[true,false,null]}"),
    ])
    func roundTrip(_ input: String, _ output: String) throws {
        #expect(JSONPrinter.print(try JSONParser.parse(input).get()) == output)
    }

    @Test(arguments: ["", "{", "[1,]", "01", "1.", "\"\\x\"", "tru", "{\"a\" 1}", "\"\\ud800\"", String(repeating: "[", count: 1000)])
    func rejects(_ input: String) {
        guard case .failure = JSONParser.parse(input) else { Issue.record("accepted \(input)"); return }
    }

    @Test func aRepeatedKeyKeepsItsPlaceAndItsLastValue() throws {
        let v = try JSONParser.parse(#"{"a":1,"b":{"x":true},"a":3}"#).get()
        #expect(v == .map(MapValue([(.string("a"), .int(3)), (.string("b"), .map(MapValue([(.string("x"), .bool(true))])))])))
        #expect(JSONPrinter.print(v) == #"{"a":3,"b":{"x":true}}"#)
    }

    /// An object of many keys is read in one pass: each key compared with every earlier one made
    /// 60,000 keys take minutes (a request body anyone may send), where it now takes a moment.
    @Test func manyKeysAreFoundByHashingAndRepeatsStillCaught() throws {
        let keys = (0..<60_000).map { "k\($0)" }
        let body = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",")
        guard case .map(let map) = try JSONParser.parse(body + "}", strict: true).get() else { Issue.record("not an object"); return }
        #expect(map.count == 60_000)
        #expect(map[.string("k59999")] == .int(1))
        guard case .failure(let f) = JSONParser.parse(body + #","k17":2}"#, strict: true) else { Issue.record("duplicate accepted"); return }
        #expect(f.message.contains("duplicate key 'k17'"), "\(f)")
        // Not strict: a repeated key keeps its first place and its last value, past the hashing threshold too.
        guard case .map(let last) = try JSONParser.parse(body + #","k17":2}"#).get() else { Issue.record("not an object"); return }
        #expect(last.count == 60_000 && last[.string("k17")] == .int(2) && last.entries[17].key == .string("k17"))
    }

    @Test func printsSpecialValues() {
        #expect(JSONPrinter.print(.duration(CELDuration(totalNanos: 3_600_000_000_000))) == "\"3600s\"")
        #expect(JSONPrinter.print(.timestamp(CELTimestamp(seconds: 0)!)) == "\"1970-01-01T00:00:00Z\"")
        #expect(JSONPrinter.print(.double(.nan)) == "\"NaN\"")
        #expect(JSONPrinter.print(.bytes([104, 105])) == "\"aGk=\"")
    }

    @Test func infersDeclarations() throws {
        let json = try JSONParser.parse(#"{"a": 1, "b": 2.0, "c": ["x"], "d": {"k": true}, "e": [1, "x"], "f": null}"#).get()
        let (d, a) = try #require(TypeInference.declarations(from: json))
        #expect(d.names == ["a", "b", "c", "d", "e", "f"])
        #expect(d.types == [.int, .double, .list(.string), .map(.string, .bool), .list(.dyn), .dyn])
        #expect(a.values.count == 6)
    }
}

@Suite struct DiagnosticTests {
    func diagnostics(_ s: String, expecting: CELType? = nil) -> [ExpressionDiagnostic] {
        if case .failure(let d) = compile(s, Fixture.declarations, expecting: expecting) { return d }
        return []
    }

    @Test func rangesAreScalarOffsets() {
        let d = diagnostics("'é😀' == x && budgett > 1.0")
        #expect(d.map(\.range) == [8..<9, 13..<20])
        #expect(d.map(\.message) == ["unknown name 'x'", "unknown name 'budgett' (did you mean 'budget'?)"])
    }

    @Test func parseErrorPointsAtTheToken() {
        #expect(diagnostics("size(a, b") == [ExpressionDiagnostic("expected ',' or ')' but found end of expression", 9..<9)])
        #expect(diagnostics("(1 + 2, 3)") == [ExpressionDiagnostic("expected ')' but found ','", 6..<7)])
    }

    @Test func conditionsMustBeBool() {
        #expect(diagnostics("intent + 1", expecting: .bool).map(\.message) == ["condition must be bool, found int"])
        #expect(diagnostics("anything", expecting: .bool).isEmpty)
        #expect(diagnostics("intent", expecting: .double).isEmpty)
        #expect(diagnostics("'a'", expecting: .double).map(\.message) == ["expression must be double, found string"])
    }

    @Test func everyErrorIsReported() {
        #expect(diagnostics("a + b + c").count == 3)
    }

    @Test func programKnowsWhatItReads() throws {
        let p = try compile("budget > 1.0 && nums.exists(x, x == intent)", Fixture.declarations).get()
        #expect(p.referencedSlots == [0, 2, 12])
        #expect(p.resultType == .bool)
        #expect(try compile("1 + 2", Fixture.declarations).get().constantValue == 3)
    }

    @Test func cleanTypesPrintLikeCEL() {
        #expect(CELType.list(.string).description == "list(string)")
        #expect(CELType.map(.string, .int).description == "map(string, int)")
    }
}
