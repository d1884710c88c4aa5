/// A regular expression compiled to a Thompson NFA and run as a Pike VM:
/// time linear in pattern size × input length, no backtracking.
final class CompiledRegex: @unchecked Sendable {
    enum Inst {
        case char(Unicode.Scalar, fold: Bool)
        case any(dotAll: Bool)
        case set(CharSet)
        case lineStart(multiline: Bool)
        case lineEnd(multiline: Bool)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    let program: [Inst]

    init(pattern: String) throws(RegexParser.Failure) {
        let tree = try RegexParser.parse(pattern)
        var prog: [Inst] = []
        try Self.emit(tree, into: &prog)
        prog.append(.match)
        program = prog
    }

    private static func emit(_ n: RegexNode, into p: inout [Inst]) throws(RegexParser.Failure) {
        guard p.count <= Limits.maxRegexProgram else {
            throw RegexParser.Failure(message: "pattern is too large once repetitions are expanded")
        }
        switch n {
        case .empty: break
        case .char(let c, let fold): p.append(.char(c, fold: fold))
        case .any(let dotAll): p.append(.any(dotAll: dotAll))
        case .set(let s): p.append(.set(s))
        case .lineStart(let m): p.append(.lineStart(multiline: m))
        case .lineEnd(let m): p.append(.lineEnd(multiline: m))
        case .concat(let items): for item in items { try emit(item, into: &p) }
        case .alternate(let branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = p.count
                    p.append(.split(split + 1, 0))
                    try emit(branch, into: &p)
                    jumps.append(p.count)
                    p.append(.jump(0))
                    p[split] = .split(split + 1, p.count)
                } else {
                    try emit(branch, into: &p)
                }
            }
            for j in jumps { p[j] = .jump(p.count) }
        case .repeat(let inner, let min, let max):
            for _ in 0..<min { try emit(inner, into: &p) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(p.count)
                    p.append(.split(p.count + 1, 0))
                    try emit(inner, into: &p)
                }
                for s in splits { p[s] = .split(s + 1, p.count) }
            } else {
                let loop = p.count
                p.append(.split(loop + 1, 0))
                try emit(inner, into: &p)
                p.append(.jump(loop))
                p[loop] = .split(loop + 1, p.count)
            }
        }
    }

    /// Whether the pattern matches anywhere in `text` (RE2 partial match, as CEL's `matches`).
    func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        let n = program.count
        var mark = [Int](repeating: -1, count: n)
        var stack: [Int] = []
        var generation = 0

        func add(_ pc0: Int, _ pos: Int, to list: inout [Int]) -> Bool {
            stack.append(pc0)
            while let pc = stack.popLast() {
                guard mark[pc] != generation else { continue }
                mark[pc] = generation
                switch program[pc] {
                case .match: stack.removeAll(); return true
                case .jump(let t): stack.append(t)
                case .split(let a, let b): stack.append(b); stack.append(a)
                case .lineStart(let m):
                    if pos == 0 || (m && input[pos - 1] == "\n") { stack.append(pc + 1) }
                case .lineEnd(let m):
                    if pos == input.count || (m && input[pos] == "\n") { stack.append(pc + 1) }
                default: list.append(pc)
                }
            }
            return false
        }

        var pending: [Int] = []
        var list: [Int] = []
        list.reserveCapacity(n)
        for pos in 0...input.count {
            generation += 1
            list.removeAll(keepingCapacity: true)
            for pc in pending where add(pc, pos, to: &list) { return true }
            if add(0, pos, to: &list) { return true }
            guard pos < input.count else { return false }
            let c = input[pos]
            pending.removeAll(keepingCapacity: true)
            for pc in list where step(program[pc], c) { pending.append(pc + 1) }
        }
        return false
    }

    private func step(_ inst: Inst, _ c: Unicode.Scalar) -> Bool {
        switch inst {
        case .char(let want, let fold):
            return c == want || (fold && caseVariants(want).contains(c))
        case .any(let dotAll): return dotAll || c != "\n"
        case .set(let s): return s.contains(c)
        default: return false
        }
    }
}
