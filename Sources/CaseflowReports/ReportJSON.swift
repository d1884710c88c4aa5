import Foundation

/// The report as JSON for tools: keys sorted, times in working milliseconds, so the same
/// report always prints the same bytes.
enum ReportJSON {
    static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
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
