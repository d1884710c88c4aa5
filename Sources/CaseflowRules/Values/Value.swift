/// A run-time value of an expression.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map(MapValue)
    case timestamp(CELTimestamp)
    case duration(CELDuration)
    /// Boxed: an object is rare in case data, and unboxed its two fields would make every value
    /// (and so every slot of every case) twice as large.
    indirect case object(ObjectValue)
    case type(CELType)

    public static func int(_ v: Int) -> Value { .int(Int64(v)) }
    public static func list(_ items: Value...) -> Value { .list(items) }
    public static func map(_ pairs: [(Value, Value)]) -> Value { .map(MapValue(pairs)) }
    public static func stringMap(_ pairs: [(String, Value)]) -> Value {
        .map(MapValue(pairs.map { (.string($0.0), $0.1) }))
    }

    /// The CEL type name of this value, as used in messages (`int`, `list`, `map`, `null`).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .timestamp: "timestamp"
        case .duration: "duration"
        case .object(let o): o.typeName
        case .type: "type"
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
}

/// A record value such as `case`: a type name and its set fields.
public struct ObjectValue: Sendable, Hashable {
    public var typeName: String
    public var fields: [String: Value]

    public init(typeName: String, fields: [String: Value]) {
        self.typeName = typeName
        self.fields = fields
    }
}
