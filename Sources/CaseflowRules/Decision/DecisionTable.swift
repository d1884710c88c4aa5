/// How a decision table combines the rules that match (dsl.md "decision").
public enum HitPolicy: String, Sendable, CaseIterable {
    case first, unique, collect, any
}

/// One row of a decision table: a condition (nil = always matches) and the values it sets.
public struct DecisionRule: Sendable {
    /// Position in the table, 0-based; messages show it 1-based ("rule 2").
    public var index: Int
    public var condition: Program?
    public var outputs: [(field: String, value: Value)]

    public init(index: Int, condition: Program?, outputs: [(field: String, value: Value)]) {
        self.index = index
        self.condition = condition
        self.outputs = outputs
    }
}

/// The result of a decision: output values in order and the rules that produced them.
public struct DecisionOutcome: Sendable {
    public var outputs: [(field: String, value: Value)]
    /// 0-based indices of the rules whose outputs were used.
    public var matchedRules: [Int]
}

public struct DecisionError: Error, Sendable, CustomStringConvertible {
    public var table: String
    /// 0-based indices of the rules involved.
    public var rules: [Int]
    public var message: String
    public var description: String { message }
}

/// Static problems of a table: each message names the rule and the field.
public struct DecisionTypeError: Error, Sendable, Hashable {
    public var problems: [String]
}

public struct DecisionTable: Sendable {
    public var id: String
    public var hit: HitPolicy
    public var rules: [DecisionRule]

    public init(id: String, hit: HitPolicy, rules: [DecisionRule]) {
        self.id = id
        self.hit = hit
        self.rules = rules
    }

    /// The fields the table writes and their types, in first-seen order; under `collect`
    /// each becomes `list(T)`. Rules that give one field different types are errors.
    public static func outputTypes(hit: HitPolicy, rules: [(index: Int, outputs: [(field: String, value: Value)])])
        -> Result<[(field: String, type: CELType)], DecisionTypeError> {
        var order: [String] = [], types: [String: CELType] = [:], problems: [String] = []
        for rule in rules {
            for (field, value) in rule.outputs {
                let t = TypeInference.type(of: value)
                guard let existing = types[field] else {
                    order.append(field)
                    types[field] = value.isNull ? .null : t
                    continue
                }
                if value.isNull { continue }
                if existing == .null { types[field] = t; continue }
                if existing == t { continue }
                if (existing == .double && t == .int) || (existing == .int && t == .double) { types[field] = .double; continue }
                problems.append("rule \(rule.index + 1) sets '\(field)' to \(t), but an earlier rule sets it to \(existing)")
            }
        }
        guard problems.isEmpty else { return .failure(DecisionTypeError(problems: problems)) }
        return .success(order.map { f in
            let t = types[f] ?? .dyn
            let base = t == .null ? CELType.dyn : t
            return (f, hit == .collect ? .list(base) : base)
        })
    }

    public var outputTypes: Result<[(field: String, type: CELType)], DecisionTypeError> {
        Self.outputTypes(hit: hit, rules: rules.map { ($0.index, $0.outputs) })
    }

    public func evaluate(_ activation: Activation) -> Result<DecisionOutcome, DecisionError> {
        var matched: [Int] = [], defaults: [Int] = []
        // By position: a copy of each rule would retain its condition and its outputs.
        for position in rules.indices {
            guard let condition = rules[position].condition else {
                if hit == .first { return .success(outcome([position])) }
                if hit == .collect { matched.append(position) } else { defaults.append(position) }
                continue
            }
            switch condition.evaluateBool(activation) {
            case .success(true):
                if hit == .first { return .success(outcome([position])) }
                matched.append(position)
            case .success(false): break
            case .failure(let e):
                return .failure(error([rules[position].index], "decision '\(id)' rule \(rules[position].index + 1): \(e.message)"))
            }
        }
        if hit == .collect { return .success(collect(matched)) }
        if matched.isEmpty { matched = defaults }
        guard let first = matched.first else {
            return .failure(error([], "decision '\(id)' (hit: \(hit.rawValue)): no rule matched and there is no rule without 'when'"))
        }
        if matched.count > 1 {
            let names = matched.map { String(rules[$0].index + 1) }.joined(separator: ", ")
            if hit == .unique {
                return .failure(error(matched.map { rules[$0].index }, "decision '\(id)' (hit: unique): rules \(names) all matched"))
            }
            for other in matched.dropFirst() where !sameOutputs(rules[first].outputs, rules[other].outputs) {
                return .failure(error(matched.map { rules[$0].index },
                    "decision '\(id)' (hit: any): rules \(names) matched with different outputs (rule \(rules[first].index + 1) and rule \(rules[other].index + 1) disagree)"))
            }
        }
        return .success(outcome(matched))
    }

    private func outcome(_ positions: [Int]) -> DecisionOutcome {
        DecisionOutcome(outputs: rules[positions[0]].outputs, matchedRules: positions.map { rules[$0].index })
    }

    private func collect(_ positions: [Int]) -> DecisionOutcome {
        let fields: [String]
        switch outputTypes {
        case .success(let types): fields = types.map { $0.field }
        case .failure: fields = []
        }
        var outputs: [(field: String, value: Value)] = []
        for field in fields {
            let values = positions.compactMap { p in rules[p].outputs.first { $0.field == field }?.value }
            outputs.append((field, .list(values)))
        }
        return DecisionOutcome(outputs: outputs, matchedRules: positions.map { rules[$0].index })
    }

    private func sameOutputs(_ a: [(field: String, value: Value)], _ b: [(field: String, value: Value)]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x.field != y.field || !celEquals(x.value, y.value) { return false }
        return true
    }

    private func error(_ rules: [Int], _ message: String) -> DecisionError {
        DecisionError(table: id, rules: rules, message: message)
    }
}
