import CaseflowEngine
import CaseflowFiles
import CaseflowModel
import Foundation

/// `load`: the shipped definitions plus a generated 5,000-stage workflow, read, validated and compiled.
struct LoadBench {
    static let stageCount = 5_000
    let settings: BenchSettings

    init(_ settings: BenchSettings) { self.settings = settings }

    func run() throws -> BenchResult {
        let dir = try BenchSystem.temporaryDirectory("load")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/generated-\(Self.stageCount).yaml"
        let yaml = Self.generated(stages: Self.stageCount)
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: file))
        let paths = settings.definitionPaths + [file]
        var recorder = LatencyRecorder()
        var loads = 0
        var stages = 0
        let start = BenchSystem.now()
        repeat {
            let t0 = BenchSystem.now()
            let (files, readProblems) = DefinitionFiles.read(paths)
            let loaded = DefinitionLoader.load(files)
            let problems = readProblems + loaded.diagnostics.filter(\.isError)
            if let first = problems.first(where: \.isError) {
                throw SalesScript.Missing(description: "the generated definitions have errors: \(first)")
            }
            let catalog = try WorkflowCompiler.compileAll(loaded.definitions)
            recorder.record(BenchSystem.now() &- t0)
            stages = catalog.workflow("generated-\(Self.stageCount)")?.stages.count ?? 0
            loads += 1
            BenchSystem.progress("load: \(loads) loads")
        } while BenchSystem.now() &- start < settings.durationNanos
        let seconds = BenchSystem.seconds(since: start)
        var result = BenchResult(scenario: "load", seconds: seconds)
        let median = recorder.summary(of: "load")?.p50Micros ?? 0
        result.add("load + validate + compile (median)", median / 1e6, "s", target: "≤ 1 s for 5,000 stages")
        result.add("stages/s", Double(stages) / max(median / 1e6, 1e-9), "stages/s")
        result.add("generated workflow", Double(stages), "stages")
        result.add("generated file", Double(yaml.utf8.count), "bytes")
        result.add("loads", Double(loads), "")
        result.latency = recorder.summary(of: "whole load")
        return result
    }

    /// A chain of stages, each with a role, an SLA, a condition and two branches, then an end.
    static func generated(stages n: Int) -> String {
        var out = """
        kind: workflow
        id: generated-\(n)
        version: 1
        title: Generated chain of \(n) stages
        calendar: cn-office
        roles: [sales_rep, sales_manager]
        data:
          amount: { type: number, min: 0 }
          level:  { type: string, enum: [high, medium, low] }
          note:   { type: string }
        start: s0
        stages:

        """
        out.reserveCapacity(n * 200)
        for i in 0..<n {
            let next = i + 1 < n ? "s\(i + 1)" : "done"
            out += """
              s\(i):
                title: Stage \(i)
                role: \(i % 2 == 0 ? "sales_rep" : "sales_manager")
                sla: { due: \(i % 5 + 1) business days, warn: 80% }
                next:
                  - when: amount > \(i).0 && level in ['high', 'medium']
                    to: \(next)
                  - to: \(i + 2 < n ? "s\(i + 2)" : "done")

            """
        }
        out += "  done: { title: Done, end: won }\n"
        return out
    }
}
