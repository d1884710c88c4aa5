/// "did you mean …?" by edit distance.
enum Suggestions {
    static func closest(to name: String, in candidates: [String]) -> String? {
        let limit = max(1, min(3, name.count / 3))
        var best: (String, Int)?
        for c in candidates.sorted() {
            let d = distance(Array(name.unicodeScalars), Array(c.unicodeScalars))
            if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
