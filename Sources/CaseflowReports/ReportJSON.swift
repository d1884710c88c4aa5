import Foundation

/// The report as JSON for tools: snake_case keys (as the HTTP API), sorted, times in working
/// milliseconds unless a key says calendar, so the same report always prints the same bytes.
/// A key whose value is unknown (no case to measure) is left out.
enum ReportJSON {
    static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let body = Body(rankingRule: Report.rankingRule, processes: report.processes, skipped: report.skipped)
        guard let data = try? encoder.encode(body) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Body: Encodable {
        var rankingRule: String
        var processes: [ProcessReport]
        var skipped: [SkippedCases]
    }
}
