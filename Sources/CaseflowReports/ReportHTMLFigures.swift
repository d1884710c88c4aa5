/// One set of figures (all cases, or a `--by` slice) as HTML: charts, then tables.
struct ReportHTMLFigures {
    let process: ProcessReport
    let figures: ProcessFigures

    private var day: Int64 { process.dayMillis }
    private func e(_ s: String) -> String { ReportChart.escape(s) }

    func render() -> String {
        [kpis(), charts(), bottlenecks(), funnel(), outcomes(), stages(), work("People", "person", figures.people),
         work("Roles", "role", figures.roles), trend()].joined()
    }

    private func table(_ header: [String], numeric: Set<Int>, _ rows: [[String]], classes: [Int: String] = [:]) -> String {
        func cell(_ tag: String, _ i: Int, _ text: String) -> String {
            let cls = [numeric.contains(i) ? "n" : nil, tag == "td" ? classes[i] : nil].compactMap { $0 }.joined(separator: " ")
            return "<\(tag)\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(e(text))</\(tag)>"
        }
        var out = "<table><thead><tr>" + header.enumerated().map { cell("th", $0, $1) }.joined() + "</tr></thead><tbody>"
        for row in rows { out += "<tr>" + row.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>" }
        return out + "</tbody></table>\n"
    }

    /// A chart no wider than it is drawn, so every chart's text has the same size.
    private func figure(_ caption: String, _ svg: String) -> String {
        guard !svg.isEmpty else { return "" }
        let width = svg.firstRange(of: "viewBox=\"0 0 ").flatMap { r in Int(svg[r.upperBound...].prefix { $0.isNumber }) }
        return "<figure><figcaption>\(e(caption))</figcaption>"
            + "<div class=\"chart\"\(width.map { " style=\"max-width: \($0)px\"" } ?? "")>\(svg)</div></figure>\n"
    }

    func kpis() -> String {
        guard !figures.kpis.isEmpty else { return "" }
        return "<h3>KPIs</h3>\n" + table(["KPI", "value", "target", "met", "cases"], numeric: [1, 2, 4], figures.kpis.map { k in
            [k.title, k.text, k.targetText ?? "-", k.met.map { $0 ? "yes" : "no" } ?? "-", String(k.cases)]
        })
    }

    func charts() -> String {
        var out = figure("Funnel: cases that entered each stage (conversion from the first)", ReportChart.bars(figures.funnel.map { f in
            .init(label: f.stage, value: Double(f.entered), text: "\(f.entered) (\(Numbers.percent(f.conversionPercent)))")
        }, title: "Funnel"))
        let timed = figures.stages.filter { ($0.kind == "worked" || $0.kind == "gate") && $0.time != nil }
        out += figure("Dwell per stage: median and p90 working hours, target marked", ReportChart.ranges(timed.map { s in
            let t = s.time!
            let target = s.sla?.targetMillis
            let text = "\(Numbers.hours(t.medianMillis))h / \(Numbers.hours(t.p90Millis))h" + (target.map { " (target \(Numbers.hours($0))h)" } ?? "")
            return ReportChart.Range(label: s.stage, low: Double(t.medianMillis) / 3_600_000, high: Double(t.p90Millis) / 3_600_000,
                         mark: target.map { Double($0) / 3_600_000 }, text: text, alert: target.map { t.p90Millis > $0 } ?? false)
        }, title: "Dwell per stage", legend: ("median", "p90", "SLA target")))
        out += figure("SLA met % per stage", ReportChart.bars(figures.stages.compactMap { s in
            s.sla?.metPercent.map { .init(label: s.stage, value: $0, text: Numbers.percent($0), alert: $0 < 80) }
        }, title: "SLA met % per stage", maximum: 100))
        if !figures.trend.isEmpty {
            let labels = figures.trend.map(\.period)
            let closed = figures.trend.map { Double($0.closed.reduce(0) { $0 + $1.cases }) }
            out += figure("Cases per \(process.every ?? "period") of opening", ReportChart.lines([
                .init(name: "opened", values: figures.trend.map { Double($0.opened) }, colour: ReportChart.seriesColours[0]),
                .init(name: "closed since", values: closed, colour: ReportChart.seriesColours[2], dashed: true),
            ], labels: labels, title: "Cases opened"))
            out += figure("Win rate and SLA met %", ReportChart.lines([
                .init(name: "win rate", values: figures.trend.map(\.winPercent), colour: ReportChart.seriesColours[0]),
                .init(name: "SLA met", values: figures.trend.map(\.slaMetPercent), colour: ReportChart.seriesColours[1], dashed: true),
            ], labels: labels, title: "Win rate and SLA met %", maximum: 100, unit: "%"))
            out += figure("Median lead-to-close (business days)", ReportChart.lines([
                .init(name: "lead-to-close p50", values: figures.trend.map { $0.leadP50WorkingMillis.map { Double($0) / Double(day) } },
                      colour: ReportChart.seriesColours[3]),
            ], labels: labels, title: "Median lead-to-close"))
        }
        return out.isEmpty ? "" : "<div class=\"charts\">\n\(out)</div>\n"
    }

    func bottlenecks() -> String {
        guard !figures.bottlenecks.isEmpty else { return "" }
        return "<h3>Bottlenecks <small>\(e(Report.rankingRule))</small></h3>\n"
            + table(["rank", "stage", "score", "why"], numeric: [0, 2], figures.bottlenecks.map { b in
                [String(b.rank), b.stage, b.target == nil ? "-" : Numbers.fixed(b.score, 1), b.why]
            }, classes: [3: "why"])
    }

    func funnel() -> String {
        "<h3>Funnel <small>cases, in process order</small></h3>\n"
            + table(["stage", "entered", "forward", "back", "left the process", "cancelled", "open now", "conversion"],
                    numeric: [1, 2, 3, 5, 6, 7], figures.funnel.map { f in
                        let left = f.left.map { "\($0.outcome) \($0.cases)" }.joined(separator: ", ")
                        return [f.stage, String(f.entered), String(f.movedForward), String(f.wentBack), left.isEmpty ? "-" : left,
                                String(f.cancelled), String(f.openNow), Numbers.percent(f.conversionPercent)]
                    })
    }

    func outcomes() -> String {
        let o = figures.outcomes
        var rows = o.closed.map { ["closed: \($0.outcome)", String($0.cases)] }
        rows += [["cancelled", String(o.cancelled)], ["still open", String(o.open)]]
        var out = "<h3>Outcomes" + (process.mainOutcome.map { " <small>\(e("win rate \(Numbers.percent(o.winPercent)) (closed \($0) / closed)"))</small>" } ?? "")
            + "</h3>\n" + table(["outcome", "cases"], numeric: [1], rows)
        if !figures.leadTimes.isEmpty {
            out += "<h3>Lead-to-close <small>opened → closed</small></h3>\n"
                + table(["outcome", "cases", "p50", "p90", "p50 calendar", "p90 calendar"], numeric: [1, 2, 3, 4, 5],
                        figures.leadTimes.map { [$0.outcome] + cycle($0.time) })
        }
        if let s = figures.span {
            out += "<h3>\(e("From \(s.from) to \(s.to)")) <small>first entries</small></h3>\n"
            out += s.time.map { table(["cases", "p50", "p90", "p50 calendar", "p90 calendar"], numeric: [0, 1, 2, 3, 4], [cycle($0)]) }
                ?? "<p>No case reached both.</p>\n"
        }
        return out
    }

    private func cycle(_ t: CycleTime) -> [String] {
        [String(t.cases), Numbers.businessDays(t.workingP50Millis, day), Numbers.businessDays(t.workingP90Millis, day),
         Numbers.days(t.calendarP50Millis), Numbers.days(t.calendarP90Millis)]
    }

    func stages() -> String {
        "<h3>Stages <small>working hours per completed visit</small></h3>\n"
            + table(["stage", "kind", "cases", "visits", "median", "p90", "SLA target", "SLA met", "warned", "breached", "escalations", "rejected"],
                    numeric: [2, 3, 4, 5, 7, 8, 9], figures.stages.map { s in
                        [s.stage, s.kind, String(s.cases), String(s.visits),
                         s.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-", s.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                         s.sla?.target ?? "-", s.sla.map { Numbers.percent($0.metPercent) } ?? "-", s.sla.map { String($0.warnings) } ?? "-",
                         s.sla.map { String($0.breaches) } ?? "-", s.sla.map { ReportTextSections.levels($0.escalations) } ?? "-",
                         s.gate.map { g in Numbers.percent(g.rejectionPercent) + " (\(g.rejected)/\(g.passed + g.rejected))" } ?? "-"]
                    })
    }

    func work(_ title: String, _ what: String, _ rows: [WorkFigures]) -> String {
        guard !rows.isEmpty else { return "" }
        return "<h3>\(e(title)) <small>working hours from entering the stage to their completion or vote</small></h3>\n"
            + table([what, "stages", "tasks", "median", "p90", "SLA met", "approved", "rejected"], numeric: [1, 2, 3, 4, 5, 6, 7], rows.map { w in
                [w.name, String(w.stagesCompleted), String(w.tasksCompleted), w.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-",
                 w.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                 w.slaJudged == 0 ? "-" : Numbers.percent(w.slaMetPercent) + " (\(w.slaMet)/\(w.slaJudged))", String(w.approvals), String(w.rejections)]
            })
    }

    func trend() -> String {
        guard !figures.trend.isEmpty else { return "" }
        let kpis = figures.trend.first?.kpis.map(\.title) ?? []
        return "<h3>Trend <small>\(e("by \(process.every ?? "period") of opening"))</small></h3>\n"
            + table(["period", "opened", "closed", "cancelled", "open", "win rate", "lead p50", "lead p50 calendar", "SLA met"] + kpis,
                    numeric: Set(1..<(9 + kpis.count)), figures.trend.map { t in
                        [t.period, String(t.opened), String(t.closed.reduce(0) { $0 + $1.cases }), String(t.cancelled), String(t.open),
                         Numbers.percent(t.winPercent), t.leadP50WorkingMillis.map { Numbers.businessDays($0, day) } ?? "-",
                         t.leadP50CalendarMillis.map(Numbers.days) ?? "-", Numbers.percent(t.slaMetPercent)] + t.kpis.map(\.text)
                    })
    }
}
