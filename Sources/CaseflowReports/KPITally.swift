import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// One declared KPI as measured: its value, how it reads, and whether it meets its target.
public struct KPIFigure: Sendable, Equatable, Codable {
    public var key: String
    public var title: String
    public var unit: String?
    /// A number, a share (0…1) for rates, or seconds for durations; nil when no case counted.
    public var value: Double?
    public var text: String
    public var target: Double?
    public var targetText: String?
    public var met: Bool?
    /// Cases the figure is over (for a rate, those its `where` lets through).
    public var cases: Int
}

/// Running totals of a workflow's declared KPIs (`kpis:`) over the cases added, one case at a
/// time. Cases of older versions are read by field name; a value a case does not have (a field
/// never set, a failed expression) is left out of that KPI.
public struct KPITally: Sendable {
    struct Compiled: Sendable {
        var kpi: KPI
        var value: Program?
        var condition: Program?
        var isDuration: Bool
    }

    let workflow: CompiledWorkflow
    let scope: KPIScope
    let kpis: [Compiled]
    private var counted: [Int]
    private var hits: [Int]
    private var values: [[Double]]

    public init(workflow: CompiledWorkflow) {
        self.workflow = workflow
        let scope = KPIScope(workflow.definition)
        self.scope = scope
        kpis = workflow.definition.kpis.map { kpi in
            let expecting: CELType? = kpi.aggregate == .count || kpi.aggregate == .rate ? .bool : nil
            let value = kpi.expression.flatMap { scope.compile($0, expecting: expecting).program }
            return Compiled(kpi: kpi, value: value, condition: kpi.condition.flatMap { scope.compile($0, expecting: .bool).program },
                            isDuration: value?.resultType == .duration)
        }
        counted = Array(repeating: 0, count: kpis.count)
        hits = Array(repeating: 0, count: kpis.count)
        values = Array(repeating: [], count: kpis.count)
    }

    public var isEmpty: Bool { kpis.isEmpty }

    public mutating func add(_ summary: CaseSummary) {
        guard !kpis.isEmpty else { return }
        var slots = Array(repeating: Value.null, count: scope.declarations.count)
        for (i, field) in workflow.definition.data.enumerated() { slots[i] = summary.value(field.name.value) }
        slots[scope.statusSlot] = .string(summary.status.rawValue)
        slots[scope.outcomeSlot] = .string(summary.outcome ?? "")
        slots[scope.leadTimeSlot] = Self.duration(summary.leadMillis ?? 0)
        slots[scope.leadWorkingSlot] = Self.duration(summary.leadWorkingMillis ?? 0)
        let activation = Activation(slots)
        for (i, k) in kpis.enumerated() {
            if let condition = k.condition {
                guard case .success(true) = condition.evaluateBool(activation) else { continue }
            }
            switch k.kpi.aggregate {
            case .count:
                if let p = k.value {
                    guard case .success(true) = p.evaluateBool(activation) else { continue }
                }
                counted[i] += 1
            case .rate:
                guard let p = k.value, case .success(let b) = p.evaluateBool(activation) else { continue }
                counted[i] += 1
                if b { hits[i] += 1 }
            case .sum, .avg, .min, .max, .p50, .p90:
                guard let p = k.value, case .success(let v) = p.evaluate(activation), let number = Self.number(v) else { continue }
                counted[i] += 1
                values[i].append(number)
            }
        }
    }

    public func figures() -> [KPIFigure] {
        kpis.enumerated().map { i, k in
            let kpi = k.kpi
            var value: Double?
            switch kpi.aggregate {
            case .count: value = Double(counted[i])
            case .rate: value = counted[i] == 0 ? nil : Double(hits[i]) / Double(counted[i])
            case .sum: value = values[i].isEmpty ? nil : values[i].reduce(0, +)
            case .avg: value = values[i].isEmpty ? nil : values[i].reduce(0, +) / Double(values[i].count)
            case .min: value = values[i].min()
            case .max: value = values[i].max()
            case .p50, .p90:
                let sorted = values[i].sorted()
                if !sorted.isEmpty {
                    let rank = ((kpi.aggregate == .p50 ? 50 : 90) * sorted.count + 99) / 100
                    value = sorted[max(0, min(sorted.count, rank) - 1)]
                }
            }
            let target = kpi.target?.value
            var met: Bool?
            if let value, let target { met = kpi.better == .higher ? value >= target : value <= target }
            return KPIFigure(key: kpi.key.value, title: kpi.title ?? kpi.key.value, unit: kpi.unit, value: value,
                             text: kpi.aggregate == .rate ? Numbers.percent(Percentiles.percent(hits[i], of: counted[i]))
                                 : value.map { text($0, k) } ?? "-", target: target, targetText: target.map { text($0, k) },
                             met: met, cases: counted[i])
        }
    }

    private func text(_ v: Double, _ k: Compiled) -> String {
        if k.kpi.aggregate == .rate { return Numbers.fixed(v * 100, 1) + "%" }
        if k.isDuration { return Self.roughly(seconds: v) }
        let shown = (v == v.rounded() || abs(v) >= 1000) && abs(v) < 1e15 ? Numbers.grouped(Int64(v.rounded())) : Numbers.fixed(v, 2)
        return k.kpi.unit.map { "\(shown) \($0)" } ?? shown
    }

    /// A duration to the two largest units people read: `84d 16h`, `5h 20m`, `42s`.
    static func roughly(seconds v: Double) -> String {
        guard v.isFinite, abs(v) < 9e18 else { return Numbers.fixed(v, 0) + "s" }
        let s = Int64(v.rounded())
        let d = s / 86_400, h = s % 86_400 / 3_600, m = s % 3_600 / 60
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
        if m > 0 { return "\(m)m" }
        return "\(s)s"
    }

    static func duration(_ millis: Int64) -> Value {
        CELDuration(seconds: millis / 1000, nanos: Int32(millis % 1000) * 1_000_000).map(Value.duration) ?? .null
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d.isFinite ? d : nil
        case .duration(let d): return Double(d.seconds) + Double(d.nanos) / 1e9
        default: return nil
        }
    }
}
