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

    /// The body: one `<section class="process">` per workflow (its slices inside), no page around
    /// it, worded in `wording`'s language.
    public static func sections(_ report: Report, wording w: ReportWording = .english) -> String {
        var out = ""
        if report.processes.isEmpty { out += "<p>\(e(w.noCases))</p>\n" }
        for p in report.processes {
            out += "<section class=\"process\">\n<h1>\(e(w.processTitle(p.workflow, p.title)))</h1>\n"
            out += "<p class=\"meta\">\(e(w.meta(p)))</p>\n"
            out += ReportHTMLFigures(process: p, figures: p.figures, w: w).render()
            for slice in p.slices {
                out += "<section class=\"slice\">\n<h2>\(e("\(p.by ?? "") = \(slice.value)"))"
                    + " <small>\(e(w.cases(slice.figures.cases)))</small></h2>\n"
                out += ReportHTMLFigures(process: p, figures: slice.figures, w: w).render()
                out += "</section>\n"
            }
            out += "</section>\n"
        }
        for s in report.skipped {
            out += "<p class=\"meta\">\(e(w.skipped(s.cases, s.workflow)))</p>\n"
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
