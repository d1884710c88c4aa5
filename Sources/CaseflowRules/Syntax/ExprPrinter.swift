/// Prints a syntax tree back to CEL source; parsing the output gives the same tree.
public enum ExprPrinter {
    public static func print(_ e: Expr) -> String {
        var out = ""
        write(e, into: &out)
        return out
    }

    /// Binding strength of a node: binary operators by precedence, unary 6, member and primary 7.
    private static func strength(_ e: Expr) -> Int {
        switch e.kind {
        case .conditional: 0
        case .binary(let op, _, _): op.precedence
        case .unary: 6
        case .literal(.int(let v)) where v < 0: 6
        case .literal(.double(let v)) where v.sign == .minus: 6
        default: 7
        }
    }

    private static func write(_ e: Expr, into out: inout String, atLeast: Int) {
        if strength(e) < atLeast {
            out += "("
            write(e, into: &out)
            out += ")"
        } else {
            write(e, into: &out)
        }
    }

    private static func write(_ e: Expr, into out: inout String) {
        switch e.kind {
        case .literal(let l): out += literal(l)
        case .ident(let name): out += name
        case .select(let target, let field):
            write(target, into: &out, atLeast: 7)
            out += "." + field
        case .index(let target, let index):
            write(target, into: &out, atLeast: 7)
            out += "["
            write(index, into: &out)
            out += "]"
        case .call(let target, let function, let args):
            if let target {
                write(target, into: &out, atLeast: 7)
                out += "."
            }
            out += function + "("
            list(args, into: &out)
            out += ")"
        case .list(let items):
            out += "["
            list(items, into: &out)
            out += "]"
        case .map(let entries):
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += ", " }
                write(entry.key, into: &out)
                out += ": "
                write(entry.value, into: &out)
            }
            out += "}"
        case .unary(let op, let operand):
            out += op.rawValue
            // `-(5)` must not print as the literal `-5`
            if op == .negate, case .literal(let l) = operand.kind, isNumber(l) {
                out += "("
                write(operand, into: &out)
                out += ")"
            } else {
                write(operand, into: &out, atLeast: 6)
            }
        case .binary(let op, let left, let right):
            write(left, into: &out, atLeast: op.precedence)
            out += " " + op.rawValue + " "
            write(right, into: &out, atLeast: op.precedence + 1)
        case .conditional(let c, let t, let f):
            write(c, into: &out, atLeast: 1)
            out += " ? "
            write(t, into: &out, atLeast: 1)
            out += " : "
            write(f, into: &out, atLeast: 0)
        }
    }

    private static func isNumber(_ l: Literal) -> Bool {
        switch l {
        case .int, .uint, .double: true
        default: false
        }
    }

    private static func list(_ items: [Expr], into out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            write(item, into: &out)
        }
    }

    static func literal(_ l: Literal) -> String {
        switch l {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let v): String(v)
        case .uint(let v): "\(v)u"
        case .double(let v): doubleLiteral(v)
        case .string(let s): quoted(s)
        case .bytes(let b): "b\"" + b.map { "\\x" + hex2($0) }.joined() + "\""
        }
    }

    static func doubleLiteral(_ v: Double) -> String {
        let s = "\(v)"
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }

    private static func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\x" + hex2(UInt8(u.value))
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
