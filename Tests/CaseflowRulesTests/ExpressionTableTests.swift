import Testing
@testable import CaseflowRules

@Suite struct ExpressionTableTests {
    @Test(arguments: expressionTable.indices)
    func expression(_ i: Int) {
        let (source, expected) = expressionTable[i]
        let got = run(source)
        switch (expected, got) {
        case (.value(let v), .success(let w)):
            #expect(v == w, "\(source): expected \(JSONPrinter.print(v)), got \(JSONPrinter.print(w))")
        case (.fails(let m), .failure(let e)):
            #expect(e.hasPrefix("eval: ") && e.contains(m), "\(source): expected evaluation error containing \(m), got \(e)")
        case (.rejected(let m), .failure(let e)):
            #expect(e.hasPrefix("compile: ") && e.contains(m), "\(source): expected compile error containing \(m), got \(e)")
        case (_, .success(let w)):
            Issue.record("\(source): expected \(expected), got value \(JSONPrinter.print(w))")
        case (_, .failure(let e)):
            Issue.record("\(source): expected \(expected), got \(e)")
        }
    }

    @Test func tableIsLarge() {
        #expect(expressionTable.count >= 300)
    }

    @Test(arguments: expressionTable.indices)
    func printAndReparse(_ i: Int) throws {
        guard case .success(let tree) = Parser.parse(expressionTable[i].0) else { return }
        let printed = ExprPrinter.print(tree)
        guard case .success(let again) = Parser.parse(printed) else {
            Issue.record("printed form does not parse: \(printed)")
            return
        }
        #expect(dump(tree) == dump(again), "\(expressionTable[i].0) printed as \(printed)")
    }
}
