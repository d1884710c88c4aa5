import CaseflowModel
import Foundation

/// Diagnostics as a JSON array of {file, line, column, severity, message}.
enum DiagnosticJSON {
    struct Item: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
    }

    static func encode(_ diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.map {
            Item(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                 severity: $0.severity.rawValue, message: $0.message)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
