/// The functions of the subset. Methods take their receiver as the first argument.
enum Builtin: String, CaseIterable {
    case size, contains, startsWith, endsWith, matches
    case int, uint, double, string, bool, bytes, timestamp, duration, dyn, type
    case getFullYear, getMonth, getDate, getDayOfMonth, getDayOfWeek, getDayOfYear
    case getHours, getMinutes, getSeconds, getMilliseconds
}

/// Run-time behaviour of the builtins; `fail` builds the error for the call site.
enum Builtins {
    typealias Fail = (String) -> EvaluationError

    static func call(_ f: Builtin, _ a: [Value], _ args: [Node], _ node: Node) throws(EvaluationError) -> Value {
        let x = a[0]
        switch f {
        case .size:
            switch x {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw args[0].mustBe("a string, bytes, list or map", x)
            }
        case .contains, .startsWith, .endsWith, .matches:
            guard case .string(let s) = x else { throw args[0].mustBe("a string", x) }
            guard case .string(let t) = a[1] else { throw args[1].mustBe("a string", a[1]) }
            switch f {
            case .contains: return .bool(contains(s, t))
            case .startsWith: return .bool(s.utf8.starts(with: t.utf8))
            case .endsWith: return .bool(s.utf8.reversed().starts(with: t.utf8.reversed()))
            default:
                do throws(RegexParser.Failure) {
                    return .bool(try CompiledRegex(pattern: t).matches(s))
                } catch {
                    throw args[1].fail("invalid regular expression in '\(node.text)': \(error.message)")
                }
            }
        case .dyn: return x
        case .type: return .type(TypeInference.type(of: x))
        case .int, .uint, .double, .string, .bool, .bytes, .timestamp, .duration:
            return try Conversions.convert(f, x, args[0], node)
        default:
            guard case .timestamp(let t) = x else { throw args[0].mustBe("a timestamp", x) }
            let u = t.utcFields
            switch f {
            case .getFullYear: return .int(u.year)
            case .getMonth: return .int(u.month - 1)
            case .getDate: return .int(u.day)
            case .getDayOfMonth: return .int(u.day - 1)
            case .getDayOfWeek: return .int(u.weekday)
            case .getDayOfYear: return .int(u.yearDay)
            case .getHours: return .int(u.hour)
            case .getMinutes: return .int(u.minute)
            case .getSeconds: return .int(u.second)
            default: return .int(Int64(t.nanos / 1_000_000))
            }
        }
    }

    /// Code point substring search; UTF-8 is self-synchronising, so bytes suffice.
    static func contains(_ s: String, _ t: String) -> Bool {
        let hay = Array(s.utf8), needle = Array(t.utf8)
        if needle.isEmpty { return true }
        guard needle.count <= hay.count else { return false }
        for start in 0...(hay.count - needle.count) where hay[start] == needle[0] {
            if hay[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

final class CallNode: Node, @unchecked Sendable {
    let function: Builtin
    let args: [Node]
    init(_ function: Builtin, _ args: [Node], _ range: Range<Int>, _ text: String) {
        self.function = function
        self.args = args
        super.init(range, text)
    }
    override var isVariable: Bool { false }

    override func eval(_ env: inout Env) throws(EvaluationError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(args.count)
        for arg in args { values.append(try arg.eval(&env)) }
        return try Builtins.call(function, values, args, self)
    }
}

/// `s.matches('…')` with a constant pattern, compiled once.
final class MatchesNode: Node, @unchecked Sendable {
    let target: Node
    let regex: CompiledRegex
    init(_ target: Node, _ regex: CompiledRegex, _ range: Range<Int>, _ text: String) {
        self.target = target
        self.regex = regex
        super.init(range, text)
    }
    override func eval(_ env: inout Env) throws(EvaluationError) -> Value { .bool(try evalBool(&env)) }
    override func evalBool(_ env: inout Env) throws(EvaluationError) -> Bool {
        let v = try target.eval(&env)
        guard case .string(let s) = v else { throw target.mustBe("a string", v) }
        return regex.matches(s)
    }
}
