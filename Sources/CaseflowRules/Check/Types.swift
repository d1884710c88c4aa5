/// Static typing rules of the operators.
enum Types {
    static func comparableForEquality(_ a: CELType, _ b: CELType) -> Bool {
        if a == b || a == .dyn || b == .dyn || a == .null || b == .null { return true }
        if a.isNumeric && b.isNumeric { return true }
        switch (a, b) {
        case (.list(let x), .list(let y)): return comparableForEquality(x, y)
        case (.map(let k1, let v1), .map(let k2, let v2)): return comparableForEquality(k1, k2) && comparableForEquality(v1, v2)
        default: return false
        }
    }

    static func orderable(_ a: CELType, _ b: CELType) -> Bool {
        let ordered: Set<CELType> = [.string, .bool, .bytes, .timestamp, .duration]
        if a.isNumeric && b.isNumeric { return true }
        if a == .dyn { return b == .dyn || b.isNumeric || ordered.contains(b) }
        if b == .dyn { return a.isNumeric || ordered.contains(a) }
        return a == b && ordered.contains(a)
    }

    /// Result type of `a op b` for `+ - * / %`, nil when no overload applies.
    static func arithmetic(_ op: BinaryOperator, _ a: CELType, _ b: CELType) -> CELType? {
        if a == .dyn || b == .dyn {
            let other = a == .dyn ? b : a
            switch other {
            case .dyn, .int, .uint, .double: return .dyn
            case .string, .bytes, .list, .timestamp, .duration: return (op == .add || op == .subtract) ? .dyn : nil
            default: return nil
            }
        }
        switch (op, a, b) {
        case (_, .int, .int), (_, .uint, .uint): return a
        case (.add, .double, .double), (.subtract, .double, .double), (.multiply, .double, .double), (.divide, .double, .double): return .double
        case (.add, .string, .string), (.add, .bytes, .bytes): return a
        case (.add, .list(let x), .list(let y)): return .list(x == y ? x : .dyn)
        case (.add, .timestamp, .duration), (.add, .duration, .timestamp), (.subtract, .timestamp, .duration): return .timestamp
        case (.subtract, .timestamp, .timestamp), (.add, .duration, .duration), (.subtract, .duration, .duration): return .duration
        default: return nil
        }
    }
}
