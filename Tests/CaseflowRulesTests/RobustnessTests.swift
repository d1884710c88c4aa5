import Testing
@testable import CaseflowRules

@Suite struct RobustnessTests {
    /// A fixed linear congruential generator: the test is the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
    }

    @Test func randomInputNeverCrashes() {
        var g = Generator(state: 42)
        let alphabet = Array("abc01 .,()[]{}<>=!&|+-*/%?:'\"\\ux_ \n\tintrue".unicodeScalars) + ["é", "😀", "\u{0}"]
        for _ in 0..<3000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<(g.next() % 40) { s.append(alphabet[Int(g.next() % UInt64(alphabet.count))]) }
            if case .success(let p) = compile(String(s), Fixture.declarations) {
                _ = p.evaluate(Fixture.activation)
            }
        }
    }

    @Test func randomTokenSoupNeverCrashes() {
        var g = Generator(state: 7)
        let pieces = ["budget", "intent", "tags", "nums", "scores", "1", "2.5", "'a'", "null", "true", "(", ")", "[", "]", "{", "}",
                      "+", "-", "*", "/", "%", "==", "<", "&&", "||", "!", "?", ":", ",", ".", "size", "all", "map", "x", "in", "has"]
        for _ in 0..<3000 {
            let s = (0..<(g.next() % 12)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined(separator: " ")
            if case .success(let p) = compile(s, Fixture.declarations) {
                _ = p.evaluate(Fixture.activation)
                #expect(Parser.parse(ExprPrinter.print(p.expression)).map(dump) == .success(dump(p.expression)) as Result<String, [ExpressionDiagnostic]>?)
            }
        }
    }

    @Test(arguments: ["(", "[", "!", "-", "{'a':", "f("])
    func deepNestingIsRejected(_ opener: String) {
        let source = String(repeating: opener, count: 15_000 / opener.count) + "1"
        guard case .failure(let d) = compile(source, Fixture.declarations) else { Issue.record("accepted"); return }
        #expect(d.first?.message.contains("nested too deeply") == true)
    }

    @Test func longChainsAreRejected() {
        let source = Array(repeating: "1", count: 3_000).joined(separator: " + ")
        guard case .failure(let d) = compile(source, Fixture.declarations) else { Issue.record("accepted"); return }
        #expect(d.first?.message.contains("nested too deeply") == true)
        // A flat chain is refused too, and the message says why a chain counts (it read as if
        // the author had nested brackets) and what to write instead.
        #expect(d.first?.message.contains("each `||` or `&&` of a chain is one level; `x in [a, b, c]` is one for the whole list") == true)
        let members = "scores" + String(repeating: ".a", count: 5_000)
        guard case .failure = compile(members, Fixture.declarations) else { Issue.record("accepted"); return }
    }

    @Test func hugeSourceIsRejected() {
        guard case .failure(let d) = compile(String(repeating: " ", count: 20_000) + "1", Fixture.declarations) else { Issue.record("accepted"); return }
        #expect(d.first?.message.contains("too long") == true)
    }

    @Test func comprehensionsAreBounded() {
        let big = "[" + Array(repeating: "1", count: 2_000).joined(separator: ",") + "]"
        let source = "\(big).all(a, \(big).all(b, true))"
        guard case .success(let p) = compile(source, Fixture.declarations) else { Issue.record("rejected"); return }
        guard case .failure(let e) = p.evaluate(Fixture.activation) else { Issue.record("unbounded"); return }
        #expect(e.message.contains("too many iterations"))
    }

    @Test func growthIsBounded() {
        let source = "[" + Array(repeating: "'" + String(repeating: "x", count: 200) + "'", count: 40).joined(separator: ",") + "]"
            + ".map(a, \(Array(repeating: "[1,2,3,4,5,6,7,8,9,10]", count: 40).joined(separator: "+"))).map(l, l + l + l + l)"
        if case .success(let p) = compile(source, Fixture.declarations) { _ = p.evaluate(Fixture.activation) }
    }

    @Test func shortActivationIsAnError() {
        guard case .success(let p) = compile("budget > 1.0", Fixture.declarations) else { Issue.record("rejected"); return }
        guard case .failure(let e) = p.evaluate(Activation([])) else { Issue.record("accepted"); return }
        #expect(e.message.contains("activation has 0 values"))
    }

    @Test func regexIsLinear() throws {
        let s = String(repeating: "a", count: 5_000) + "b"
        #expect(try CompiledRegex(pattern: "^(a*)*(a|b)*c$").matches(s) == false)
        #expect(throws: RegexParser.Failure.self) { try CompiledRegex(pattern: "((a{1000}){1000})") }
    }
}
