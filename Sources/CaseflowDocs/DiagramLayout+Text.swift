/// Text sizes, width estimates and line wrapping. No font metrics are available where the
/// diagram is drawn, so widths are estimated: wide East Asian characters about 1 em, others 0.6 em.
extension DiagramLayout {
    static let titleSize = 13.0
    static let detailSize = 11.0
    static let labelSize = 11.0
    static let titleLineHeight = 17.0
    static let detailLineHeight = 15.0
    static let titleColumns = 22
    static let detailColumns = 36
    static let labelCharacters = 28

    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    static func columns<S: StringProtocol>(_ text: S) -> Int {
        text.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func width<S: StringProtocol>(_ text: S, size: Double, narrow: Double = 0.6) -> Double {
        text.reduce(0.0) { $0 + (isWide($1) ? 1.0 : narrow) } * size
    }

    /// Control characters (XML cannot carry most of them) and line breaks become spaces.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x20, 0x7F...0x9F: out.append(" ")
            case 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The text drawn on an edge: truncated, and for an escalation without the `escalation: ` its
    /// dotted line already says (the full label is the label's tooltip).
    static func shownLabel(_ edge: Edge) -> String {
        guard var text = edge.label else { return "" }
        if edge.style == .escalation && text.hasPrefix("escalation: ") { text.removeFirst("escalation: ".count) }
        return truncated(text)
    }

    static func truncated(_ label: String) -> String {
        label.count > labelCharacters ? String(label.prefix(labelCharacters - 1)) + "…" : label
    }

    /// A title longer than `titleColumns` on two lines of about equal width.
    static func wrapTitle(_ title: String) -> [String] {
        guard columns(title) > titleColumns else { return [title] }
        let parts = atoms(title)
        var best = [title]
        var widest = Int.max
        for k in parts.indices.dropFirst() where !closesLine(parts[k].text) {
            let first = join(parts[..<k]), second = join(parts[k...])
            let w = max(columns(first), columns(second))
            if w < widest {
                best = [first, second]
                widest = w
            }
        }
        return best
    }

    /// A detail line broken at `·`, then at ` / `, then at `, `, then between words.
    static func wrapDetail(_ line: String) -> [String] {
        wrap(line, separators: [(" · ", ""), (" / ", " /"), (", ", ",")])
    }

    private static func wrap(_ text: String, separators: [(joiner: String, lineEnd: String)]) -> [String] {
        guard columns(text) > detailColumns else { return [text] }
        guard let separator = separators.first else { return greedy(text) }
        let parts = text.components(separatedBy: separator.joiner)
        guard parts.count > 1 else { return wrap(text, separators: Array(separators.dropFirst())) }
        var lines: [String] = []
        var current = ""
        for part in parts {
            if current.isEmpty {
                current = part
            } else if columns(current + separator.joiner + part) <= detailColumns {
                current += separator.joiner + part
            } else {
                lines += wrap(current + separator.lineEnd, separators: Array(separators.dropFirst()))
                current = part
            }
        }
        return lines + wrap(current, separators: Array(separators.dropFirst()))
    }

    private static func greedy(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for part in atoms(text) {
            let joined = current + (part.spaced ? " " : "") + part.text
            if current.isEmpty {
                current = part.text
            } else if columns(joined) > detailColumns && !closesLine(part.text) {
                lines.append(current)
                current = part.text
            } else {
                current = joined
            }
        }
        return current.isEmpty ? lines : lines + [current]
    }

    /// Words, and each wide character on its own: the places a line may break.
    private static func atoms(_ text: String) -> [(text: String, spaced: Bool)] {
        var result: [(text: String, spaced: Bool)] = []
        var word = ""
        var wordSpaced = false
        var space = false
        for character in text {
            if character == " " {
                if !word.isEmpty { result.append((word, wordSpaced)) }
                word = ""
                space = true
            } else if isWide(character) {
                if !word.isEmpty { result.append((word, wordSpaced)) }
                word = ""
                result.append((String(character), space))
                space = false
            } else {
                if word.isEmpty {
                    wordSpaced = space
                    space = false
                }
                word.append(character)
            }
        }
        if !word.isEmpty { result.append((word, wordSpaced)) }
        return result
    }

    private static func join(_ parts: ArraySlice<(text: String, spaced: Bool)>) -> String {
        var out = ""
        for (i, part) in zip(parts.indices, parts) {
            if i != parts.startIndex && part.spaced { out += " " }
            out += part.text
        }
        return out
    }

    /// Punctuation that must not begin a line.
    private static func closesLine(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return "，。、；：？！）》」』】".contains(first)
    }
}
