/// The static type of an expression, as the checker sees it (cel-spec "Types").
public indirect enum CELType: Hashable, Sendable, CustomStringConvertible {
    case int
    case uint
    case double
    case string
    case bool
    case bytes
    case null
    case timestamp
    case duration
    case dyn
    case list(CELType)
    case map(CELType, CELType)
    case object(ObjectType)
    case type

    public var description: String {
        switch self {
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bool: "bool"
        case .bytes: "bytes"
        case .null: "null"
        case .timestamp: "timestamp"
        case .duration: "duration"
        case .dyn: "dyn"
        case .list(let e): "list(\(e))"
        case .map(let k, let v): "map(\(k), \(v))"
        case .object(let o): o.name
        case .type: "type"
        }
    }

    var isNumeric: Bool {
        switch self {
        case .int, .uint, .double: true
        default: false
        }
    }

    var isDyn: Bool { self == .dyn }
}

/// A record type with declared fields, such as `case` (id, stage, opened_at, opened_by, workflow).
public struct ObjectType: Hashable, Sendable {
    public var name: String
    public var fields: [String: CELType]

    public init(name: String, fields: [String: CELType]) {
        self.name = name
        self.fields = fields
    }

    /// The `case` object of dsl.md "Expressions".
    public static let caseObject = ObjectType(name: "case", fields: [
        "id": .string, "stage": .string, "opened_by": .string, "workflow": .string,
        "opened_at": .timestamp,
    ])
}
