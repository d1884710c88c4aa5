/// Bounds that keep parsing and evaluation finite on any input.
public enum Limits {
    /// Longest expression source, in Unicode scalars.
    public static let maxSourceLength = 16_384
    /// Tallest syntax tree (nesting of parentheses, operators, calls).
    public static let maxDepth = 96
    /// Most elements in a list or map, literal or computed.
    public static let maxCollectionSize = 100_000
    /// Longest string or bytes value produced while evaluating, in UTF-8 bytes.
    public static let maxStringSize = 1 << 20
    /// Most comprehension steps in one evaluation, over all macros together.
    public static let maxIterations = 1_000_000
    /// Longest regular expression pattern, in Unicode scalars.
    public static let maxPatternLength = 1_000
    /// Most instructions in a compiled regular expression (after expanding `{n,m}`).
    public static let maxRegexProgram = 10_000
}
