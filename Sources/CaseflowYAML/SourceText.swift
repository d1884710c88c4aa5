/// A file's text kept as Unicode scalars, to turn offsets into lines and columns.
public final class SourceText: Sendable {
    public let file: String
    public let scalars: [Unicode.Scalar]
    /// Offsets (in scalars) at which each line starts.
    private let lineStarts: [Int]

    public init(file: String, text: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    /// The 1-based line and column of a scalar offset.
    public func location(ofOffset offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, scalars.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(file: file, line: lo + 1, column: clamped - lineStarts[lo] + 1)
    }

    /// Where the character at `offset` of a scalar's value was written in the file.
    ///
    /// The value's characters appear in the source in order; quotes, escapes, indentation
    /// and line folding only add or change characters between them, so walking both in
    /// step finds each one.
    public func location(ofValueOffset offset: Int, in scalar: YAMLScalar) -> SourceLocation {
        let value = Array(scalar.value.unicodeScalars)
        var raw = scalar.span.lowerBound
        let end = min(scalar.span.upperBound, scalars.count)
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: raw += 1
        case .literal, .folded:
            while raw < end, scalars[raw] != "\n" { raw += 1 }  // skip the `|` / `>` header line
            raw += 1
        case .plain: break
        }
        var index = 0
        var last = raw
        while raw < end {
            guard index < value.count else { break }
            let want = value[index]
            var probe = raw
            while probe < end, !matches(scalars[probe], want) { probe += 1 }
            if probe >= end { break }
            if index == offset { return location(ofOffset: probe) }
            last = probe + 1
            raw = probe + 1
            index += 1
        }
        return location(ofOffset: last)
    }

    private func matches(_ source: Unicode.Scalar, _ value: Unicode.Scalar) -> Bool {
        source == value || (value == " " && source == "\n")
    }
}
