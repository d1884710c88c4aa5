import CaseflowYAML

/// Checks a YAML value against a data type, without coercion: "700" is not an int, "yes" not a bool.
public enum ValueChecker {
    /// Why a value written for `field` does not fit it (type, enum, minimum, maximum), or nil.
    public static func fieldProblem(_ node: YAMLNode, _ field: DataField) -> String? {
        problem(node, field.type) ?? rangeProblem(node, field)
    }

    /// What is wrong with `node` as a `type` value, or nil when it fits.
    static func problem(_ node: YAMLNode, _ type: DataType) -> String? {
        if node.isNull { return nil }
        switch type {
        case .list(let element):
            guard let items = node.sequence else { return "expected a list, found \(NodeReader.describe(node))" }
            for item in items { if let p = problem(item, element) { return p } }
            return nil
        case .map(let value):
            guard let pairs = node.mapping else { return "expected a mapping, found \(NodeReader.describe(node))" }
            for pair in pairs { if let p = problem(pair.value, value) { return p } }
            return nil
        default:
            guard let scalar = node.scalar else { return "expected \(type), found \(node.kindName)" }
            return scalarProblem(scalar, type)
        }
    }

    private static func scalarProblem(_ s: YAMLScalar, _ type: DataType) -> String? {
        let plain = s.style == .plain
        let found = "found '\(s.value)'" + (plain ? "" : " (quoted, so text)")
        switch type {
        case .string: return nil
        case .int: return plain && Int64(s.value) != nil ? nil : "expected an int, \(found)"
        case .number: return plain && Double(s.value)?.isFinite == true ? nil : "expected a number, \(found)"
        case .bool: return plain && (s.value == "true" || s.value == "false") ? nil : "expected true or false, \(found)"
        case .date: return LocalDate(s.value) != nil ? nil : "expected a date like 2026-03-02, \(found)"
        case .timestamp:
            return RFC3339.parse(s.value) != nil ? nil : "expected a timestamp like 2026-03-02T09:00:00+08:00, \(found)"
        case .duration:
            if case .elapsed? = DurationSpec.parse(s.value) { return nil }
            return "expected a duration like 4h or 1d 4h, \(found)"
        case .list, .map: return nil
        }
    }

    /// Range and enum problems of a value that has the right type.
    static func rangeProblem(_ node: YAMLNode, _ field: DataField) -> String? {
        if let v = node.scalar.flatMap({ Double($0.value) }), field.type.isNumeric {
            if let lo = field.min, v < lo { return "\(node.text ?? "") is below the minimum \(format(lo))" }
            if let hi = field.max, v > hi { return "\(node.text ?? "") is above the maximum \(format(hi))" }
        }
        if let allowed = field.allowed, let text = node.text, !allowed.contains(where: { $0.text == text }) {
            return "'\(text)' is not one of \(allowed.compactMap(\.text).joined(separator: ", "))"
        }
        return nil
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
