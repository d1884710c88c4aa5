import CaseflowRules
import CaseflowYAML

/// `kpis:` type-checked like every condition: an aggregate of numbers or durations (`sum`,
/// `avg`, `min`, `max`, `p50`, `p90`), a condition for `rate` and `count`, a condition for
/// `where`, and a target of the value's kind.
struct KPIChecker {
    let workflow: Workflow

    func check(into log: inout DiagnosticLog) {
        let scope = KPIScope(workflow)
        var seen: [String: SourceLocation] = [:]
        for kpi in workflow.kpis {
            if let first = seen[kpi.key.value] {
                log.error("KPI '\(kpi.key.value)' is declared twice (first at line \(first.line))", at: kpi.key.location)
            }
            seen[kpi.key.value] = kpi.key.location
            if let condition = kpi.condition {
                log.append(contentsOf: scope.compile(condition, expecting: .bool).problems)
            }
            guard let expression = kpi.expression else { continue }
            switch kpi.aggregate {
            case .count, .rate:
                log.append(contentsOf: scope.compile(expression, expecting: .bool).problems)
                if kpi.aggregate == .rate, let t = kpi.target, !(0...1).contains(t.value) {
                    log.error("the target of a rate is a share: 0.3 or 30%, not \(t.value)", at: t.location)
                }
            case .sum, .avg, .min, .max, .p50, .p90:
                let (program, problems) = scope.compile(expression, expecting: nil)
                log.append(contentsOf: problems)
                guard let program else { continue }
                switch program.resultType {
                case .int, .uint, .double, .duration, .dyn: break
                default:
                    log.error("\(kpi.aggregate.rawValue) of KPI '\(kpi.key.value)' needs a number or a duration; "
                              + "`\(expression.text)` is \(program.resultType)", at: expression.location)
                }
            }
        }
    }
}
