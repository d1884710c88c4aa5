/// The type of a case data field, as `data:` declares it.
public indirect enum DataType: Hashable, Sendable, CustomStringConvertible {
    case string, int, number, bool, date, timestamp, duration
    case list(DataType)
    case map(DataType)

    public var description: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .number: return "number"
        case .bool: return "bool"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .duration: return "duration"
        case .list(let e): return "list<\(e)>"
        case .map(let v): return "map<\(v)>"
        }
    }

    public static let names = ["string", "int", "number", "bool", "date", "timestamp", "duration", "list<T>", "map<T>"]

    public static func parse(_ text: String) -> DataType? {
        let t = text.replacingOccurrences(of: " ", with: "")
        switch t {
        case "string": return .string
        case "int": return .int
        case "number": return .number
        case "bool": return .bool
        case "date": return .date
        case "timestamp": return .timestamp
        case "duration": return .duration
        default: break
        }
        for (prefix, make) in [("list<", DataType.list), ("map<", DataType.map)] where t.hasPrefix(prefix) && t.hasSuffix(">") {
            let inner = String(t.dropFirst(prefix.count).dropLast())
            return parse(inner).map(make)
        }
        return nil
    }

    public var isNumeric: Bool { self == .int || self == .number }
}
