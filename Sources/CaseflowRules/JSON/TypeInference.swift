/// Declarations inferred from a JSON object, for `caseflow eval --data`.
public enum TypeInference {
    /// The most specific CEL type describing `v`; mixed element types give `dyn`.
    public static func type(of v: Value) -> CELType {
        switch v {
        case .null: .dyn
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .timestamp: .timestamp
        case .duration: .duration
        case .type: .type
        case .object(let o): .object(ObjectType(name: o.typeName, fields: o.fields.mapValues { type(of: $0) }))
        case .list(let items): .list(join(items.map { type(of: $0) }))
        case .map(let m): .map(join(m.entries.map { type(of: $0.key) }), join(m.entries.map { type(of: $0.value) }))
        }
    }

    private static func join(_ types: [CELType]) -> CELType {
        guard let first = types.first else { return .dyn }
        return types.allSatisfy { $0 == first } ? first : .dyn
    }

    /// One declaration per key of a JSON object, with its value in the activation.
    public static func declarations(from object: Value) -> (Declarations, Activation)? {
        guard case .map(let m) = object else { return nil }
        var decls = Declarations()
        var values: [Value] = []
        for e in m.entries {
            guard case .string(let name) = e.key else { continue }
            decls.declare(name, type(of: e.value))
            values.append(e.value)
        }
        return (decls, Activation(values))
    }
}
