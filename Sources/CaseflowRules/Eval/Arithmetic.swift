/// CEL arithmetic on values: checked int64/uint64, IEEE doubles, strings, lists,
/// timestamps and durations.
enum ArithmeticFailure: Error {
    case noOverload
    case overflow
    case divisionByZero
    case moduloByZero
    case tooLarge
}

enum Arithmetic {
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws(ArithmeticFailure) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return .int(try int(op, x, y))
        case (.uint(let x), .uint(let y)): return .uint(try uint(op, x, y))
        case (.double(let x), .double(let y)):
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            default: throw .noOverload
            }
        case (.string(let x), .string(let y)) where op == .add:
            guard x.utf8.count + y.utf8.count <= Limits.maxStringSize else { throw .tooLarge }
            return .string(x + y)
        case (.bytes(let x), .bytes(let y)) where op == .add:
            guard x.count + y.count <= Limits.maxStringSize else { throw .tooLarge }
            return .bytes(x + y)
        case (.list(let x), .list(let y)) where op == .add:
            guard x.count + y.count <= Limits.maxCollectionSize else { throw .tooLarge }
            return .list(x + y)
        case (.timestamp(let t), .duration(let d)) where op == .add: return .timestamp(try shift(t, d, 1))
        case (.duration(let d), .timestamp(let t)) where op == .add: return .timestamp(try shift(t, d, 1))
        case (.timestamp(let t), .duration(let d)) where op == .subtract: return .timestamp(try shift(t, d, -1))
        case (.timestamp(let x), .timestamp(let y)) where op == .subtract:
            return .duration(try span(x.seconds, x.nanos, y.seconds, y.nanos, -1))
        case (.duration(let x), .duration(let y)) where op == .add:
            return .duration(try span(x.seconds, x.nanos, y.seconds, y.nanos, 1))
        case (.duration(let x), .duration(let y)) where op == .subtract:
            return .duration(try span(x.seconds, x.nanos, y.seconds, y.nanos, -1))
        default:
            throw .noOverload
        }
    }

    static func int(_ op: BinaryOperator, _ x: Int64, _ y: Int64) throws(ArithmeticFailure) -> Int64 {
        let (r, o): (Int64, Bool)
        switch op {
        case .add: (r, o) = x.addingReportingOverflow(y)
        case .subtract: (r, o) = x.subtractingReportingOverflow(y)
        case .multiply: (r, o) = x.multipliedReportingOverflow(by: y)
        case .divide:
            guard y != 0 else { throw .divisionByZero }
            (r, o) = x.dividedReportingOverflow(by: y)
        case .remainder:
            guard y != 0 else { throw .moduloByZero }
            (r, o) = x.remainderReportingOverflow(dividingBy: y)
        default: throw .noOverload
        }
        if o { throw .overflow }
        return r
    }

    static func uint(_ op: BinaryOperator, _ x: UInt64, _ y: UInt64) throws(ArithmeticFailure) -> UInt64 {
        let (r, o): (UInt64, Bool)
        switch op {
        case .add: (r, o) = x.addingReportingOverflow(y)
        case .subtract: (r, o) = x.subtractingReportingOverflow(y)
        case .multiply: (r, o) = x.multipliedReportingOverflow(by: y)
        case .divide:
            guard y != 0 else { throw .divisionByZero }
            (r, o) = x.dividedReportingOverflow(by: y)
        case .remainder:
            guard y != 0 else { throw .moduloByZero }
            (r, o) = x.remainderReportingOverflow(dividingBy: y)
        default: throw .noOverload
        }
        if o { throw .overflow }
        return r
    }

    static func negate(_ v: Value) throws(ArithmeticFailure) -> Value {
        switch v {
        case .int(let x):
            guard x != .min else { throw .overflow }
            return .int(-x)
        case .double(let x): return .double(-x)
        case .duration(let d): return .duration(try span(0, 0, d.seconds, d.nanos, -1))
        default: throw .noOverload
        }
    }

    private static func shift(_ t: CELTimestamp, _ d: CELDuration, _ sign: Int64) throws(ArithmeticFailure) -> CELTimestamp {
        let (s, n) = try combine(t.seconds, t.nanos, d.seconds, d.nanos, sign)
        guard let r = CELTimestamp(seconds: s, nanos: n) else { throw .overflow }
        return r
    }

    /// The result of duration arithmetic must be a span CEL can hold as a count of nanoseconds
    /// in a signed 64-bit integer (about ±292 years), as the conformance suite's `timestamp_range`
    /// and `duration_range` cases require: `timestamp('9999-12-31T23:59:59Z') -
    /// timestamp('0001-01-01T00:00:00Z')` is a range error.
    private static func span(_ s1: Int64, _ n1: Int32, _ s2: Int64, _ n2: Int32, _ sign: Int64) throws(ArithmeticFailure) -> CELDuration {
        let (s, n) = try combine(s1, n1, s2, n2, sign)
        let (scaled, o1) = s.multipliedReportingOverflow(by: 1_000_000_000)
        let (_, o2) = scaled.addingReportingOverflow(Int64(n))
        guard !o1, !o2, let r = CELDuration(seconds: s, nanos: n) else { throw .overflow }
        return r
    }

    /// (s1 + n1) ± (s2 + n2) in floor form.
    private static func combine(_ s1: Int64, _ n1: Int32, _ s2: Int64, _ n2: Int32, _ sign: Int64) throws(ArithmeticFailure) -> (Int64, Int32) {
        var nanos = Int64(n1) + sign * Int64(n2)
        let (s, o) = s1.addingReportingOverflow(sign * s2)
        guard !o, s2 != .min else { throw .overflow }
        var seconds = s
        if nanos < 0 { nanos += 1_000_000_000; seconds -= 1 }
        if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; seconds += 1 }
        return (seconds, Int32(nanos))
    }
}
