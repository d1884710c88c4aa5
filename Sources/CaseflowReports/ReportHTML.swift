/// The report as one self-contained XHTML page — tables and SVG charts, an inline style sheet,
/// no scripts and nothing fetched — that a manager can mail around. The console shows
/// `sections` inside its own pages.
public enum ReportHTML {
    public static func render(_ report: Report) -> String {
        let title = report.processes.count == 1 ? "Process report: \(report.processes[0].workflow)" : "Process report"
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
            + "<title>\(ReportChart.escape(title))</title>\n<style>\n\(style)</style>\n</head>\n<body>\n"
            + sections(report) + "</body>\n</html>\n"
    }

    /// The body: one `<section class="process">` per workflow (its slices inside), no page around it.
    public static func sections(_ report: Report) -> String {
        var out = ""
        if report.processes.isEmpty { out += "<p>No cases to report.</p>\n" }
        for p in report.processes {
            out += "<section class=\"process\">\n<h1>\(e("Process report: \(p.workflow)" + (p.title.map { " — \($0)" } ?? "")))</h1>\n"
            let meta = "\(p.cases) cases. Times are working time on the \(p.calendar) calendar (\(p.zone)) unless marked calendar; "
                + "bd = business day of \(Numbers.hours(p.dayMillis)) working hours, d = calendar day. Median (p50) and p90 by nearest rank."
                + (p.mainOutcome.map { " Won = outcome \($0)." } ?? "")
            out += "<p class=\"meta\">\(e(meta))</p>\n"
            out += ReportHTMLFigures(process: p, figures: p.figures).render()
            for slice in p.slices {
                out += "<section class=\"slice\">\n<h2>\(e("\(p.by ?? "") = \(slice.value)"))"
                    + " <small>\(e("\(slice.figures.cases) case\(slice.figures.cases == 1 ? "" : "s")"))</small></h2>\n"
                out += ReportHTMLFigures(process: p, figures: slice.figures).render()
                out += "</section>\n"
            }
            out += "</section>\n"
        }
        for s in report.skipped {
            let note = "Skipped \(s.cases) case\(s.cases == 1 ? "" : "s") of workflow \(s.workflow): it is not among the loaded definitions."
            out += "<p class=\"meta\">\(e(note))</p>\n"
        }
        return out
    }

    /// The page's style sheet; the console may include it.
    public static let style = """
        body { font-family: \(ReportChart.fonts); color: #1f2937; margin: 24px auto; max-width: 1180px; padding: 0 16px; line-height: 1.4; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-top: 2px solid #d1d5db; padding-top: 12px; }
        h3 { font-size: 15px; margin: 20px 0 6px; } small { color: #6b7280; font-weight: normal; }
        .meta { color: #4b5563; font-size: 13px; margin: 0 0 12px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px 24px; }
        figure { margin: 0; } figcaption { font-weight: 600; font-size: 14px; margin: 8px 0 4px; }
        table { border-collapse: collapse; font-size: 13px; margin: 4px 0 8px; }
        th, td { padding: 3px 8px; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.why { max-width: 640px; } .miss { color: #c2410c; font-weight: 600; } .met { color: #047857; }
        @media print { .charts { display: block; } h2 { page-break-before: always; } }

        """

    static func e(_ s: String) -> String { ReportChart.escape(s) }
}
