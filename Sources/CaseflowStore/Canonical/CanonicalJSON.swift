import CaseflowRules

/// The JSON tree history is written in, held as plain `Value`s (null, bool, int, double, string,
/// list, and maps with text keys). Objects are built with their keys sorted by UTF-8 bytes, so
/// printing them with `JSONPrinter` gives the canonical text.
public enum CanonicalJSON {
    public static func object(_ pairs: [(String, Value)]) -> Value {
        let sorted = pairs.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return .map(MapValue(uniqueKeys: sorted.map { (.string($0.0), $0.1) }))
    }

    public static func print(_ tree: Value) -> String {
        JSONPrinter.print(tree)
    }

    public static func parse(_ text: String) throws(CodecError) -> Value {
        switch JSONParser.parse(text) {
        case .success(let v): return v
        case .failure(let f): throw CodecError("invalid JSON: \(f.description)")
        }
    }
}

/// Why a stored text could not be read back.
public struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
