/// CEL equality and ordering: numbers compare by value across int, uint and double;
/// strings compare by code point; values of unrelated types are unequal.
func celEquals(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.string(let x), .string(let y)): return stringEquals(x, y)
    case (.int(let x), .int(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.int, _), (.uint, _), (.double, _):
        return numericOrder(a, b) == 0
    case (.bytes(let x), .bytes(let y)): return x == y
    case (.timestamp(let x), .timestamp(let y)): return x == y
    case (.duration(let x), .duration(let y)): return x == y
    case (.type(let x), .type(let y)): return x == y
    case (.list(let x), .list(let y)):
        guard x.count == y.count else { return false }
        for i in x.indices where !celEquals(x[i], y[i]) { return false }
        return true
    case (.map(let x), .map(let y)):
        guard x.count == y.count else { return false }
        for e in x.entries {
            guard let other = y[e.key], celEquals(e.value, other) else { return false }
        }
        return true
    case (.object(let x), .object(let y)):
        guard x.typeName == y.typeName else { return false }
        let keys = Set(x.fields.keys).union(y.fields.keys)
        for k in keys where !celEquals(x.fields[k] ?? .null, y.fields[k] ?? .null) { return false }
        return true
    default: return false
    }
}

/// Code point equality (Swift's `==` would also equate canonically equivalent strings).
@inline(__always)
func stringEquals(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
}

/// -1, 0, 1 for ordered numbers; nil when either is NaN or not a number.
func numericOrder(_ a: Value, _ b: Value) -> Int? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.uint(let x), .uint(let y)): return x < y ? -1 : (x == y ? 0 : 1)
    case (.double(let x), .double(let y)):
        if x.isNaN || y.isNaN { return nil }
        return x < y ? -1 : (x == y ? 0 : 1)
    case (.int(let x), .uint(let y)):
        if x < 0 { return -1 }
        let ux = UInt64(x)
        return ux < y ? -1 : (ux == y ? 0 : 1)
    case (.uint, .int): return numericOrder(b, a).map { -$0 }
    case (.int(let x), .double(let y)): return compareIntDouble(x, y)
    case (.double, .int): return numericOrder(b, a).map { -$0 }
    case (.uint(let x), .double(let y)): return compareUIntDouble(x, y)
    case (.double, .uint): return numericOrder(b, a).map { -$0 }
    default: return nil
    }
}

private func compareIntDouble(_ i: Int64, _ d: Double) -> Int? {
    if d.isNaN { return nil }
    if d >= 9_223_372_036_854_775_808.0 { return -1 }
    if d < -9_223_372_036_854_775_808.0 { return 1 }
    let t = d.rounded(.down)
    let ti = Int64(t)
    if i != ti { return i < ti ? -1 : 1 }
    return d > t ? -1 : 0
}

private func compareUIntDouble(_ u: UInt64, _ d: Double) -> Int? {
    if d.isNaN { return nil }
    if d >= 18_446_744_073_709_551_616.0 { return -1 }
    if d < 0 { return 1 }
    let t = d.rounded(.down)
    let tu = UInt64(t)
    if u != tu { return u < tu ? -1 : 1 }
    return d > t ? -1 : 0
}

/// Ordering for `< <= > >=`: numbers, strings, bools, bytes, timestamps, durations.
func celOrder(_ a: Value, _ b: Value) -> Int?? {
    switch (a, b) {
    case (.int, _), (.uint, _), (.double, _):
        switch b {
        case .int, .uint, .double: return .some(numericOrder(a, b))
        default: return nil
        }
    case (.string(let x), .string(let y)):
        if stringEquals(x, y) { return 0 }
        return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
    case (.bytes(let x), .bytes(let y)): return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
    case (.timestamp(let x), .timestamp(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.duration(let x), .duration(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    default: return nil
    }
}
