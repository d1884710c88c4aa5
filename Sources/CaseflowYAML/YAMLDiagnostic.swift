/// A problem found while reading YAML text.
public struct YAMLDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Bounds that keep hostile input from exhausting memory or time.
public struct YAMLLimits: Sendable {
    /// Nodes in one document counted with every alias expanded.
    public var maxExpandedNodes: Int
    /// Nesting of sequences and mappings.
    public var maxDepth: Int
    /// Bytes of input in one file.
    public var maxBytes: Int

    public init(maxExpandedNodes: Int = 1_000_000, maxDepth: Int = 200, maxBytes: Int = 64 << 20) {
        self.maxExpandedNodes = maxExpandedNodes
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    public static let standard = YAMLLimits()
}
