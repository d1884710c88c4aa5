/// Parsed form of an RE2-style pattern.
indirect enum RegexNode {
    case empty
    case char(Unicode.Scalar, fold: Bool)
    case any(dotAll: Bool)
    case set(CharSet)
    case lineStart(multiline: Bool)
    case lineEnd(multiline: Bool)
    case concat([RegexNode])
    case alternate([RegexNode])
    case `repeat`(RegexNode, min: Int, max: Int?)
}

/// A bracket class or a Perl class like `\d`; ranges of code points.
struct CharSet {
    var ranges: [ClosedRange<UInt32>] = []
    var negated = false
    var fold = false

    func contains(_ c: Unicode.Scalar) -> Bool {
        var hit = ranges.contains { $0.contains(c.value) }
        if !hit, fold {
            for alt in caseVariants(c) where ranges.contains(where: { $0.contains(alt.value) }) { hit = true }
        }
        return hit != negated
    }

    static let digit = CharSet(ranges: [48...57])
    static let word = CharSet(ranges: [48...57, 65...90, 95...95, 97...122])
    static let space = CharSet(ranges: [9...10, 12...13, 32...32])
}

/// Lower- and upper-case forms of a scalar, for `(?i)`.
func caseVariants(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    let lower = c.properties.lowercaseMapping.unicodeScalars
    let upper = c.properties.uppercaseMapping.unicodeScalars
    if lower.count == 1, let l = lower.first, l != c { out.append(l) }
    if upper.count == 1, let u = upper.first, u != c { out.append(u) }
    return out
}
