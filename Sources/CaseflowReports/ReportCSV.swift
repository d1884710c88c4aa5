import Foundation

/// The report as one CSV table in long form — `workflow,section,subject,measure,value` — so
/// every figure is one row that a spreadsheet pivot or a script can pick. Times in working
/// hours (`_calendar_hours`: calendar time). Rows of a `--by` slice carry it in the section:
/// `funnel/channel=online`.
enum ReportCSV {
    static let header = "workflow,section,subject,measure,value"

    static func render(_ report: Report) -> String {
        var lines = [header]
        for p in report.processes {
            var all = ReportCSVRows(process: p, slice: nil)
            all.add(p.figures)
            lines += all.lines
            for s in p.slices {
                var rows = ReportCSVRows(process: p, slice: "\(p.by ?? "")=\(s.value)")
                rows.add(s.figures)
                lines += rows.lines
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting when a field holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
