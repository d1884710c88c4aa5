import CaseflowEngine
import CaseflowModel
import CaseflowYAML

/// The durations file of `caseflow simulate`:
///
/// ```yaml
/// approve: 0.9                      # chance that each gate vote approves
/// stages:
///   prospecting: { distribution: lognormal, median: 2 business days, p90: 6 business days }
///   negotiation: { distribution: uniform, min: 1d, max: 8d }
///   contract: 1 business day        # always this long
///   discount_approval: { distribution: exponential, mean: 4 business hours, approve: 0.7 }
/// data:                             # values for case data (else plausible ones from the field types)
///   channel: [online, referral]     # one of these
///   budget: { min: 50000, max: 2000000 }
///   screened_out: { chance: 0.1 }   # true one time in ten
///   source: { weights: { online: 40, referral: 15 } }   # in proportion to the weights
///   score: { mean: 8, sd: 1.2, min: 0, max: 10 }       # normal, clipped to min…max
///   customer: Acme                  # always this
/// ```
struct SimulationPlan: Sendable {
    var approve = 0.9
    var stages: [String: StageDuration] = [:]
    var stageApprove: [String: Double] = [:]
    /// Field values by field name, in file order.
    var data: [(field: String, source: DataSource)] = []

    enum DataSource: @unchecked Sendable {
        case constant(YAMLNode)
        case oneOf([YAMLNode])
        case range(min: Double, max: Double)
        case chance(Double)
        case weighted([(value: YAMLNode, weight: Double)])
        case normal(mean: Double, sd: Double, min: Double?, max: Double?)
    }

    struct Problem: Error, CustomStringConvertible {
        var location: SourceLocation
        var message: String
        var description: String { "\(location): error: \(message)" }
    }

    /// Reads the file's text, checked against the workflow: unknown stages or fields are errors.
    static func parse(_ text: String, file: String, workflow: CompiledWorkflow, dayMillis: Int64) throws(Problem) -> SimulationPlan {
        let yaml = YAMLReader.read(text: text, file: file)
        if let d = yaml.diagnostics.first { throw Problem(location: d.location, message: d.message) }
        guard let root = yaml.documents.first?.root, let pairs = root.mapping else {
            throw Problem(location: SourceLocation(file: file, line: 1, column: 1), message: "expected a mapping with stages:, data: or approve:")
        }
        var plan = SimulationPlan()
        for pair in pairs {
            switch pair.key.text ?? "" {
            case "kind", "workflow", "description": break
            case "approve": plan.approve = try probability(pair.value)
            case "stages":
                for entry in try mapping(pair.value) {
                    let id = entry.key.text ?? ""
                    guard let stage = workflow.stage(id) else {
                        throw Problem(location: entry.key.location, message: "workflow \(workflow.id) has no stage '\(id)'")
                    }
                    guard stage.kind == .worked || stage.kind == .gate else {
                        throw Problem(location: entry.key.location,
                                      message: "stage \(id) is \(stage.kind.rawValue): only worked stages and gates take time from people")
                    }
                    plan.stages[id] = try duration(entry.value, dayMillis: dayMillis)
                    if let a = entry.value["approve"] { plan.stageApprove[id] = try probability(a) }
                }
            case "data":
                for entry in try mapping(pair.value) {
                    let name = entry.key.text ?? ""
                    guard let slot = workflow.fieldSlots[name] else {
                        throw Problem(location: entry.key.location, message: "workflow \(workflow.id) has no field '\(name)'")
                    }
                    let source = try dataSource(entry.value)
                    if case .range = source, !workflow.fields[slot].type.isNumeric {
                        throw Problem(location: entry.value.location, message: "min/max needs a number field; \(name) is \(workflow.fields[slot].type)")
                    }
                    if case .chance = source, workflow.fields[slot].type != .bool {
                        throw Problem(location: entry.value.location, message: "chance needs a bool field; \(name) is \(workflow.fields[slot].type)")
                    }
                    // Values to pick from must fit the field, as a person's would: one that does not
                    // had every case refused at opening, and the report said nothing of it.
                    if let field = workflow.definition.field(name) {
                        let values: [YAMLNode]
                        switch source {
                        case .constant(let n): values = [n]
                        case .oneOf(let ns): values = ns
                        case .weighted(let ws): values = ws.map(\.value)
                        default: values = []
                        }
                        for v in values {
                            if let problem = ValueChecker.fieldProblem(v, field) {
                                throw Problem(location: v.location, message: "\(name): \(problem)")
                            }
                        }
                    }
                    plan.data.append((name, source))
                }
            case let other:
                throw Problem(location: pair.key.location, message: "unknown key '\(other)': expected stages, data or approve")
            }
        }
        return plan
    }

    private static func mapping(_ node: YAMLNode) throws(Problem) -> [YAMLPair] {
        guard let pairs = node.mapping else { throw Problem(location: node.location, message: "expected a mapping, found \(node.kindName)") }
        return pairs
    }

    private static func probability(_ node: YAMLNode) throws(Problem) -> Double {
        guard let v = Double(node.text ?? ""), v >= 0, v <= 1 else {
            throw Problem(location: node.location, message: "expected a probability between 0 and 1")
        }
        return v
    }

    private static func number(_ node: YAMLNode?, _ name: String, at: YAMLNode) throws(Problem) -> Double {
        guard let node else { throw Problem(location: at.location, message: "missing \(name)") }
        guard let v = Double(node.text ?? ""), v.isFinite else { throw Problem(location: node.location, message: "\(name) must be a number") }
        return v
    }

    private static func duration(_ node: YAMLNode, dayMillis: Int64) throws(Problem) -> StageDuration {
        var business: Bool?
        func length(_ key: String) throws(Problem) -> Double {
            let n = key.isEmpty ? node : node[key]
            guard let n else { throw Problem(location: node.location, message: "missing \(key)") }
            guard let spec = DurationSpec.parse(n.text ?? "") else {
                throw Problem(location: n.location, message: "'\(n.text ?? "")' is not a duration: \(DurationSpec.syntaxHelp)")
            }
            let (ms, isBusiness) = StageDuration.millis(spec, dayMillis: dayMillis)
            if let business, business != isBusiness {
                throw Problem(location: n.location, message: "mix of business and elapsed durations in one distribution")
            }
            business = isBusiness
            return Double(ms)
        }
        if node.scalar != nil { return StageDuration(distribution: .fixed(try length("")), business: business ?? true) }
        let kind = node["distribution"]?.text ?? (node["value"] != nil ? "fixed" : "lognormal")
        let distribution: StageDuration.Distribution
        switch kind {
        case "fixed": distribution = .fixed(try length("value"))
        case "uniform":
            let lo = try length("min"), hi = try length("max")
            guard hi >= lo else { throw Problem(location: node.location, message: "max is below min") }
            distribution = .uniform(min: lo, max: hi)
        case "lognormal":
            let median = try length("median"), p90 = try length("p90")
            guard median > 0, p90 >= median else { throw Problem(location: node.location, message: "lognormal needs 0 < median ≤ p90") }
            distribution = .lognormal(median: median, p90: p90)
        case "exponential": distribution = .exponential(mean: try length("mean"))
        default:
            throw Problem(location: node["distribution"]?.location ?? node.location,
                          message: "unknown distribution '\(kind)': use lognormal, uniform, exponential or fixed")
        }
        return StageDuration(distribution: distribution, business: business ?? true)
    }

    private static func dataSource(_ node: YAMLNode) throws(Problem) -> DataSource {
        if let items = node.sequence {
            guard !items.isEmpty else { throw Problem(location: node.location, message: "an empty list has nothing to pick") }
            return .oneOf(items)
        }
        if node.mapping != nil {
            if let c = node["chance"] { return .chance(try probability(c)) }
            if let w = node["weights"] {
                guard let entries = w.mapping, !entries.isEmpty else {
                    throw Problem(location: w.location, message: "weights must map values to their weights, e.g. { online: 40, referral: 15 }")
                }
                var weighted: [(YAMLNode, Double)] = []
                for pair in entries {
                    guard let weight = pair.value.text.flatMap(Double.init), weight >= 0, weight.isFinite else {
                        throw Problem(location: pair.value.location, message: "a weight must be a number of 0 or more")
                    }
                    weighted.append((pair.key, weight))
                }
                guard weighted.contains(where: { $0.1 > 0 }) else { throw Problem(location: w.location, message: "every weight is 0") }
                return .weighted(weighted)
            }
            if let m = node["mean"] {
                let mean = try number(m, "mean", at: node), sd = try number(node["sd"], "sd", at: node)
                guard sd >= 0 else { throw Problem(location: node.location, message: "sd must be 0 or more") }
                var lo: Double?, hi: Double?
                if let n = node["min"] { lo = try number(n, "min", at: node) }
                if let n = node["max"] { hi = try number(n, "max", at: node) }
                return .normal(mean: mean, sd: sd, min: lo, max: hi)
            }
            if node["min"] != nil || node["max"] != nil {
                let lo = try number(node["min"], "min", at: node), hi = try number(node["max"], "max", at: node)
                guard hi >= lo else { throw Problem(location: node.location, message: "max is below min") }
                return .range(min: lo, max: hi)
            }
            return .constant(node)  // a map<T> value
        }
        return .constant(node)
    }
}
