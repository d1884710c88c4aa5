import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import CaseflowYAML

/// Values for case data: from the durations file when it names the field, else plausible ones
/// from the field's type, enum and bounds.
struct DataSampler {
    let workflow: CompiledWorkflow
    let plan: SimulationPlan
    let sources: [String: SimulationPlan.DataSource]

    init(workflow: CompiledWorkflow, plan: SimulationPlan) {
        self.workflow = workflow
        self.plan = plan
        var sources: [String: SimulationPlan.DataSource] = [:]
        for (field, source) in plan.data { sources[field] = source }
        self.sources = sources
    }

    func value(slot: Int, caseNumber: Int, now: Instant, rng: inout SplitMix64) -> Value {
        let field = workflow.fields[slot]
        if let source = sources[field.name] { return value(source, field, rng: &rng) }
        if let allowed = field.allowed, !allowed.isEmpty { return allowed[rng.index(allowed.count)] }
        switch field.type {
        case .int, .number:
            let lo = field.min ?? 0
            let hi = field.max ?? (lo + (field.type == .int ? 10 : 100_000))
            return number(lo, hi, field.type, rng: &rng)
        case .bool: return .bool(false)
        case .string: return .string("\(field.name) \(caseNumber)")
        case .date:
            let day = workflow.calendar.zone.localDateTime(of: now).date
            return parsed(day.description, field.type) ?? .null
        case .timestamp: return parsed(InstantText.format(now), field.type) ?? .null
        case .duration: return parsed("1d", field.type) ?? .null
        case .list: return .list([])
        case .map: return .map(MapValue([]))
        }
    }

    private func value(_ source: SimulationPlan.DataSource, _ field: FieldSchema, rng: inout SplitMix64) -> Value {
        switch source {
        case .constant(let node): return converted(node, field.type)
        case .oneOf(let nodes): return converted(nodes[rng.index(nodes.count)], field.type)
        case .range(let lo, let hi): return number(lo, hi, field.type, rng: &rng)
        case .chance(let p): return .bool(rng.unit() < p)
        case .weighted(let choices):
            var pick = rng.unit() * choices.reduce(0) { $0 + $1.weight }
            for c in choices {
                pick -= c.weight
                if pick < 0 { return converted(c.value, field.type) }
            }
            return converted(choices[choices.count - 1].value, field.type)
        case .normal(let mean, let sd, let lo, let hi):
            var x = mean + sd * rng.normal()
            if let lo { x = Swift.max(lo, x) }
            if let hi { x = Swift.min(hi, x) }
            if field.type == .int { return .int(Self.integer(x)) }
            return .double((x * 100).rounded() / 100)
        }
    }

    /// A sampled value as an int field holds it: rounded, and within ±2^53 (a distribution far
    /// wider than that gives its end rather than a number no double can count to).
    static func integer(_ x: Double) -> Int64 {
        guard x.isFinite else { return x > 0 ? 1 << 53 : -(1 << 53) }
        return Int64(Swift.min(Swift.max(x.rounded(), -9_007_199_254_740_992), 9_007_199_254_740_992))
    }

    private func number(_ lo: Double, _ hi: Double, _ type: DataType, rng: inout SplitMix64) -> Value {
        if type == .int {
            let a = Self.integer(lo.rounded(.up)), b = Self.integer(hi.rounded(.down))
            guard b > a else { return .int(a) }
            return .int(a + Int64(rng.index(Int(b - a + 1))))
        }
        let raw = lo + (hi - lo) * rng.unit()
        let scale = hi - lo >= 10 ? 100.0 : 1000.0
        return .double((raw * scale).rounded() / scale)
    }

    /// A YAML value read as the field's type; a value of the wrong type goes to the engine as text,
    /// which refuses it with a clear message.
    private func converted(_ node: YAMLNode, _ type: DataType) -> Value {
        switch workflow.values.value(node, type) {
        case .success(let v): return v
        case .failure: return .string(node.text ?? "")
        }
    }

    private func parsed(_ text: String, _ type: DataType) -> Value? {
        let node = YAMLNode(.scalar(YAMLScalar(value: text, style: .plain, span: 0..<text.count)),
                            location: SourceLocation(file: "simulation", line: 1, column: 1))
        if case .success(let v) = workflow.values.value(node, type) { return v }
        return nil
    }
}
