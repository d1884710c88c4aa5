/// "Did you mean" hints for misspelt keys and ids.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    /// Longer words are not typos of a key or id: no suggestion, and no work.
    static let maxWord = 64

    /// Among the candidates (the names valid at that place), the closest: an abbreviation
    /// (`sales_mgr` of `sales_manager`) is closer than a word one edit away from a different
    /// name; nothing when nothing is close. The work is bounded by the word's length.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let count = word.unicodeScalars.count
        guard count > 0, count <= maxWord else { return nil }
        let limit = max(1, min(3, count / 3 + 1))
        let w = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let c = candidate.lowercased()
            guard abs(c.unicodeScalars.count - count) <= max(limit, count), c.unicodeScalars.count <= maxWord * 2 else { continue }
            // An abbreviation keeps the first letter and the rest in order.
            let score = c.first == w.first && count >= 3 && isSubsequence(w, of: c) ? 0 : distance(w, c)
            if score <= limit, score < (best?.1 ?? Int.max) { best = (candidate, score) }
        }
        return best?.0
    }

    static func isSubsequence(_ a: String, of b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator()
        var next = i.next()
        for u in b.unicodeScalars where u == next { next = i.next() }
        return next == nil
    }

    /// A user's word as it is echoed in a message: at most 60 characters.
    public static func echo(_ word: String) -> String {
        word.unicodeScalars.count <= 60 ? word : String(String.UnicodeScalarView(word.unicodeScalars.prefix(57))) + "…"
    }

    /// ` (did you mean 'x'?)`, or nothing.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
