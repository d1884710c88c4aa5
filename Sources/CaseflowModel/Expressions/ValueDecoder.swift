import CaseflowRules
import CaseflowYAML

/// Why a value does not fit its field.
public struct ValueProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Case data values: from YAML (read as the type the field expects) and from JSON-like values
/// (checked without coercion: "700" is not an int; an int is accepted where a number is expected).
public struct ValueDecoder: Sendable {
    /// Dates become the timestamp at the start of the day in this zone.
    public let zone: TimeZoneRules

    public init(zone: TimeZoneRules) { self.zone = zone }

    public func value(_ node: YAMLNode, _ type: DataType) -> Swift.Result<Value, ValueProblem> {
        if node.isNull { return .success(.null) }
        if let problem = ValueChecker.problem(node, type) { return .failure(ValueProblem(problem)) }
        switch type {
        case .list(let element):
            var items: [Value] = []
            for item in node.sequence ?? [] {
                switch value(item, element) {
                case .success(let v): items.append(v)
                case .failure(let p): return .failure(p)
                }
            }
            return .success(.list(items))
        case .map(let valueType):
            var pairs: [(Value, Value)] = []
            for pair in node.mapping ?? [] {
                switch value(pair.value, valueType) {
                case .success(let v): pairs.append((.string(pair.key.text ?? ""), v))
                case .failure(let p): return .failure(p)
                }
            }
            return .success(.map(MapValue(pairs)))
        default:
            let text = node.text ?? ""
            switch type {
            case .string: return .success(.string(text))
            case .int: return .success(.int(Int64(text) ?? 0))
            case .number: return .success(.double(Double(text) ?? 0))
            case .bool: return .success(.bool(text == "true"))
            default: return check(.string(text), type)
            }
        }
    }

    /// Checks a value against a type, converting only the text forms of dates, timestamps and
    /// durations (how JSON carries them) and ints where a number is expected.
    public func check(_ v: Value, _ type: DataType) -> Swift.Result<Value, ValueProblem> {
        switch (type, v) {
        case (_, .null): return .success(.null)
        case (.number, .double(let d)) where !d.isFinite:
            // JSON has no such numbers; a form's "inf" or "nan", or 1e999, must not become one.
            return .failure(ValueProblem("expected a finite number, found \(d.isNaN ? "NaN" : d > 0 ? "infinity" : "-infinity")"))
        case (.string, .string), (.int, .int), (.number, .double), (.bool, .bool),
             (.timestamp, .timestamp), (.date, .timestamp), (.duration, .duration):
            return .success(v)
        case (.number, .int(let i)): return .success(.double(Double(i)))
        case (.date, .string(let s)):
            guard let d = LocalDate(s) else { return .failure(ValueProblem("expected a date like 2026-03-02, found \(Self.show(v))")) }
            let t = timestamp(startOf: d)
            // Never null in place of a value the sender gave: that would clear the field.
            guard !t.isNull else { return .failure(ValueProblem("the date \(s) is out of range: \(Self.range)")) }
            return .success(t)
        case (.timestamp, .string(let s)):
            guard let t = RFC3339.parse(s) else {
                return .failure(ValueProblem("expected a timestamp like 2026-03-02T09:00:00+08:00, found \(Self.show(v))"))
            }
            let value = Self.timestamp(t)
            guard !value.isNull else { return .failure(ValueProblem("the timestamp \(s) is out of range: \(Self.range)")) }
            return .success(value)
        case (.duration, .string(let s)):
            if case .elapsed(let ms)? = DurationSpec.parse(s) { return .success(.duration(CELDuration(totalNanos: ms * 1_000_000))) }
            if let d = CELDuration(parsing: s) { return .success(.duration(d)) }
            return .failure(ValueProblem("expected a duration like 4h or 1d 4h, found \(Self.show(v))"))
        case (.list(let element), .list(let items)):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                if item.isNull { return .failure(ValueProblem("a \(type) holds no null (item \(i + 1) is null)")) }
                switch check(item, element) {
                case .success(let x): out.append(x)
                case .failure(let p): return .failure(p)
                }
            }
            return .success(.list(out))
        case (.map(let valueType), .map(let m)):
            var pairs: [(Value, Value)] = []
            for entry in m.entries {
                guard case .string(let key) = entry.key else { return .failure(ValueProblem("map keys must be text, found \(Self.show(entry.key))")) }
                if entry.value.isNull { return .failure(ValueProblem("a \(type) holds no null (\"\(key)\" is null)")) }
                switch check(entry.value, valueType) {
                case .success(let x): pairs.append((entry.key, x))
                case .failure(let p): return .failure(p)
                }
            }
            return .success(.map(MapValue(pairs)))
        default:
            return .failure(ValueProblem("expected \(Self.article(type)), found \(Self.show(v))"))
        }
    }

    /// A YAML value as JSON would carry it: plain numbers and booleans by their look, quoted text as text.
    public static func untyped(_ node: YAMLNode) -> Value {
        if node.isNull { return .null }
        if let items = node.sequence { return .list(items.map(untyped)) }
        if let pairs = node.mapping { return .map(MapValue(pairs.map { (.string($0.key.text ?? ""), untyped($0.value)) })) }
        let text = node.text ?? ""
        guard node.scalar?.style == .plain else { return .string(text) }
        if let i = Int64(text) { return .int(i) }
        if let d = Double(text) { return .double(d) }
        if text == "true" || text == "false" { return .bool(text == "true") }
        return .string(text)
    }

    /// The instants a timestamp can hold (CEL's).
    static let range = "timestamps run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z"

    public func timestamp(startOf date: LocalDate) -> Value {
        Self.timestamp(zone.instant(of: date, minuteOfDay: 0))
    }

    public static func timestamp(_ instant: Instant) -> Value {
        let s = instant.seconds
        let nanos = Int32((instant.millis - s * 1000) * 1_000_000)
        return CELTimestamp(seconds: s, nanos: nanos).map(Value.timestamp) ?? .null
    }

    static func article(_ type: DataType) -> String {
        switch type {
        case .int: return "an int"
        case .list, .map: return "a \(type)"
        default: return "a \(type)"
        }
    }

    /// A value as a user would write it, for messages.
    public static func show(_ v: Value) -> String {
        switch v {
        case .string(let s): return "the text \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .null: return "null"
        default:
            let json = JSONPrinter.print(v)
            return "\(v.typeName) \(json.count > 40 ? String(json.prefix(40)) + "…" : json)"
        }
    }
}
