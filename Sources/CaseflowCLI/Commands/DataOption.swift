import ArgumentParser
import CaseflowRules

/// `--data JSON`, as `eval` and `decide` take it: a JSON object of names and values.
enum DataOption {
    /// The object, or what is wrong with the text (a mistake in the command: exit 64).
    static func object(_ text: String) -> Result<MapValue, ValidationError> {
        switch JSONParser.parse(text, strict: true) {
        case .success(.map(let object)): return .success(object)
        case .success(let other): return .failure(ValidationError("--data must be a JSON object, found \(other.typeName)"))
        case .failure(let e): return .failure(ValidationError("--data is not valid JSON: \(e)"))
        }
    }
}
