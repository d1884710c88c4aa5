import CaseflowRules
import CaseflowTestSupport
import Testing
@testable import CaseflowCLI

@Suite struct EvalCommandTests {
    @Test func printsIntsWithoutFraction() {
        #expect(EvalCommand.evaluate("1 + 2 * 3", data: nil) == .success("7"))
    }

    @Test func printsDoublesWithFraction() {
        #expect(EvalCommand.evaluate("1.0 * 2.0", data: nil) == .success("2.0"))
    }

    @Test func usesData() {
        let r = EvalCommand.evaluate("budget > 100000.0 && potential in ['high', 'medium']",
                                     data: #"{"budget": 250000.0, "potential": "high"}"#)
        #expect(r == .success("true"))
    }

    @Test func printsTimestampsAndDurations() {
        #expect(EvalCommand.evaluate("timestamp('2026-03-01T09:00:00Z') + duration('90m')", data: nil) == .success(#""2026-03-01T10:30:00Z""#))
        #expect(EvalCommand.evaluate("duration('1h')", data: nil) == .success(#""3600s""#))
    }

    @Test func printsCollections() {
        #expect(EvalCommand.evaluate("{'a': [1, 2.5, 'x', null, true]}", data: nil) == .success(#"{"a":[1,2.5,"x",null,true]}"#))
    }

    @Test func reportsEvaluationErrors() {
        #expect(EvalCommand.evaluate("a / b", data: #"{"a": 1, "b": 0}"#) == .failure(.init(message: "division by zero in 'a / b'")))
        // The quoted text keeps its parentheses (it once read `a + 1) / b`).
        #expect(EvalCommand.evaluate("(a + 1) / b", data: #"{"a": 1, "b": 0}"#) == .failure(.init(message: "division by zero in '(a + 1) / b'")))
    }

    @Test func reportsCompileErrorsWithColumn() {
        guard case .failure(let f) = EvalCommand.evaluate("budgett > 1.0", data: #"{"budget": 1.0}"#) else {
            Issue.record("expected failure")
            return
        }
        #expect(f.message == "column 1: unknown name 'budgett' (did you mean 'budget'?)")
    }

    @Test func rejectsBadData() {
        guard case .failure(let f) = EvalCommand.evaluate("1", data: "[1]") else { Issue.record("expected failure"); return }
        #expect(f.message.contains("must be a JSON object"))
        guard case .failure(let g) = EvalCommand.evaluate("1", data: "{") else { Issue.record("expected failure"); return }
        #expect(g.message.contains("not valid JSON"))
        // As the API reads a body: a number beyond a double, or a key given twice, is refused.
        guard case .failure(let h) = EvalCommand.evaluate("x > 1.0", data: #"{"x": 1e999}"#) else { Issue.record("infinity was taken"); return }
        #expect(h.message.contains("not valid JSON") && h.message.contains("1e999 is beyond the range of a number"), "\(h.message)")
        guard case .failure = EvalCommand.evaluate("x > 1", data: #"{"x": 1, "x": 2}"#) else { Issue.record("a key given twice was taken"); return }
    }

    @Test func parsesAsSubcommand() throws {
        let command = try CaseflowCommand.parseAsRoot(["eval", "1 + 1", "--data", "{}"])
        let eval = try #require(command as? EvalCommand)
        #expect(eval.expression == "1 + 1")
        #expect(eval.data == "{}")
    }
}

/// `now` is in scope for `caseflow eval`, pinned with --now.
@Suite struct EvalNowTests {
    @Test func nowIsInScopeAndPinnedByTheFlag() throws {
        let now = try #require(CELTimestamp(rfc3339: "2026-04-01T09:00:00+08:00"))
        #expect(EvalCommand.evaluate("now - timestamp('2026-03-01T01:00:00Z') > duration('720h')", data: nil, now: now) == .success("true"))
        #expect(EvalCommand.evaluate("string(now)", data: nil, now: now) == .success("\"2026-04-01T01:00:00Z\""))
        let r = try CLIProcess.run(["eval", "now.getFullYear()", "--now", "2026-04-01T09:00:00+08:00"])
        #expect(r.stdout == "2026\n")
        #expect(try CLIProcess.run(["eval", "now > timestamp('2026-01-01T00:00:00Z')"]).stdout == "true\n")
        #expect(try CLIProcess.run(["eval", "1", "--now", "yesterday"]).status != 0)
    }
}
