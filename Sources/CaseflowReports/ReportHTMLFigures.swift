/// One set of figures (all cases, or a `--by` slice) as HTML: charts, then tables.
struct ReportHTMLFigures {
    let process: ProcessReport
    let figures: ProcessFigures
    /// The language of the labels (figures, stage ids and targets are not translated).
    let w: ReportWording

    private var day: Int64 { process.dayMillis }
    private func e(_ s: String) -> String { ReportChart.escape(s) }

    func render() -> String {
        [kpis(), charts(), bottlenecks(), funnel(), outcomes(), stages(), work(w("People"), w("person"), figures.people),
         work(w("Roles"), w("role"), figures.roles), trend()].joined()
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
        return "<h3>\(e(w("KPIs")))</h3>\n" + table([w("KPI"), w("value"), w("target"), w("met"), w("cases")], numeric: [1, 2, 4], figures.kpis.map { k in
            [k.title, k.text, k.targetText ?? "-", k.met.map { w.yes($0) } ?? "-", String(k.cases)]
        })
    }

    func charts() -> String {
        var out = figure(w("Funnel: cases that entered each stage (conversion from the first)"), ReportChart.bars(figures.funnel.map { f in
            .init(label: f.stage, value: Double(f.entered), text: "\(f.entered) (\(Numbers.percent(f.conversionPercent)))")
        }, title: w("Funnel")))
        let timed = figures.stages.filter { ($0.kind == "worked" || $0.kind == "gate") && $0.time != nil }
        out += figure(w("Dwell per stage: median and p90 working hours, target marked"), ReportChart.ranges(timed.map { s in
            let t = s.time!
            let target = s.sla?.targetMillis
            let text = "\(Numbers.hours(t.medianMillis))h / \(Numbers.hours(t.p90Millis))h" + (target.map { w.targetHours(Numbers.hours($0)) } ?? "")
            return ReportChart.Range(label: s.stage, low: Double(t.medianMillis) / 3_600_000, high: Double(t.p90Millis) / 3_600_000,
                         mark: target.map { Double($0) / 3_600_000 }, text: text, alert: target.map { t.p90Millis > $0 } ?? false)
        }, title: w("Dwell per stage"), legend: (w("median"), "p90", w("SLA target"))))
        out += figure(w("SLA met % per stage"), ReportChart.bars(figures.stages.compactMap { s in
            s.sla?.metPercent.map { .init(label: s.stage, value: $0, text: Numbers.percent($0), alert: $0 < 80) }
        }, title: w("SLA met % per stage"), maximum: 100))
        if !figures.trend.isEmpty {
            let labels = figures.trend.map(\.period)
            let closed = figures.trend.map { Double($0.closed.reduce(0) { $0 + $1.cases }) }
            out += figure(w.casesPer(process.every), ReportChart.lines([
                .init(name: w("opened"), values: figures.trend.map { Double($0.opened) }, colour: ReportChart.seriesColours[0]),
                .init(name: w("closed since"), values: closed, colour: ReportChart.seriesColours[2], dashed: true),
            ], labels: labels, title: w("Cases opened")))
            out += figure(w("Win rate and SLA met %"), ReportChart.lines([
                .init(name: w("win rate"), values: figures.trend.map(\.winPercent), colour: ReportChart.seriesColours[0]),
                .init(name: w("SLA met"), values: figures.trend.map(\.slaMetPercent), colour: ReportChart.seriesColours[1], dashed: true),
            ], labels: labels, title: w("Win rate and SLA met %"), maximum: 100, unit: "%"))
            out += figure(w("Median lead-to-close (business days)"), ReportChart.lines([
                .init(name: w("lead-to-close p50"), values: figures.trend.map { $0.leadP50WorkingMillis.map { Double($0) / Double(day) } },
                      colour: ReportChart.seriesColours[3]),
            ], labels: labels, title: w("Median lead-to-close")))
        }
        return out.isEmpty ? "" : "<div class=\"charts\">\n\(out)</div>\n"
    }

    func bottlenecks() -> String {
        guard !figures.bottlenecks.isEmpty else { return "" }
        return "<h3>\(e(w("Bottlenecks"))) <small>\(e(w.rankingRule))</small></h3>\n"
            + table([w("rank"), w("stage"), w("score"), w("why")], numeric: [0, 2], figures.bottlenecks.map { b in
                [String(b.rank), b.stage, b.target == nil ? "-" : Numbers.fixed(b.score, 1), w.why(b, dayMillis: day)]
            }, classes: [3: "why"])
    }

    func funnel() -> String {
        "<h3>\(e(w("Funnel"))) <small>\(e(w("cases, in process order")))</small></h3>\n"
            + table([w("stage"), w("entered"), w("forward"), w("back"), w("left the process"), w("cancelled"), w("open now"), w("conversion")],
                    numeric: [1, 2, 3, 5, 6, 7], figures.funnel.map { f in
                        let left = f.left.map { "\($0.outcome) \($0.cases)" }.joined(separator: ", ")
                        return [f.stage, String(f.entered), String(f.movedForward), String(f.wentBack), left.isEmpty ? "-" : left,
                                String(f.cancelled), String(f.openNow), Numbers.percent(f.conversionPercent)]
                    })
    }

    func outcomes() -> String {
        let o = figures.outcomes
        var rows = o.closed.map { [w.closed($0.outcome), String($0.cases)] }
        rows += [[w("cancelled"), String(o.cancelled)], [w("still open"), String(o.open)]]
        var out = "<h3>\(e(w("Outcomes")))" + (process.mainOutcome.map { " <small>\(e(w.winRate(Numbers.percent(o.winPercent), $0)))</small>" } ?? "")
            + "</h3>\n" + table([w("outcome"), w("cases")], numeric: [1], rows)
        if !figures.leadTimes.isEmpty {
            out += "<h3>\(e(w("Lead-to-close"))) <small>\(e(w("opened → closed")))</small></h3>\n"
                + table([w("outcome"), w("cases"), w("p50"), w("p90"), w("p50 calendar"), w("p90 calendar")], numeric: [1, 2, 3, 4, 5],
                        figures.leadTimes.map { [$0.outcome] + cycle($0.time) })
        }
        if let s = figures.span {
            out += "<h3>\(e(w.span(s.from, s.to))) <small>\(e(w("first entries")))</small></h3>\n"
            out += s.time.map { table([w("cases"), w("p50"), w("p90"), w("p50 calendar"), w("p90 calendar")], numeric: [0, 1, 2, 3, 4], [cycle($0)]) }
                ?? "<p>\(e(w.neitherReached))</p>\n"
        }
        return out
    }

    private func cycle(_ t: CycleTime) -> [String] {
        [String(t.cases), Numbers.businessDays(t.workingP50Millis, day), Numbers.businessDays(t.workingP90Millis, day),
         Numbers.days(t.calendarP50Millis), Numbers.days(t.calendarP90Millis)]
    }

    func stages() -> String {
        "<h3>\(e(w("Stages"))) <small>\(e(w("working hours per completed visit")))</small></h3>\n"
            + table([w("stage"), w("kind"), w("cases"), w("visits"), w("median"), w("p90"), w("SLA target"), w("SLA met"), w("warned"), w("breached"), w("escalations"), w("rejected")],
                    numeric: [2, 3, 4, 5, 7, 8, 9], figures.stages.map { s in
                        [s.stage, w(s.kind), String(s.cases), String(s.visits),
                         s.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-", s.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                         s.sla?.target ?? "-", s.sla.map { Numbers.percent($0.metPercent) } ?? "-", s.sla.map { String($0.warnings) } ?? "-",
                         s.sla.map { String($0.breaches) } ?? "-", s.sla.map { ReportTextSections.levels($0.escalations) } ?? "-",
                         s.gate.map { g in Numbers.percent(g.rejectionPercent) + " (\(g.rejected)/\(g.passed + g.rejected))" } ?? "-"]
                    })
    }

    func work(_ title: String, _ what: String, _ rows: [WorkFigures]) -> String {
        guard !rows.isEmpty else { return "" }
        return "<h3>\(e(title)) <small>\(e(w("working hours from entering the stage to their completion or vote")))</small></h3>\n"
            + table([what] + ["stages", "tasks", "median", "p90", "SLA met", "approved", "rejected"].map { w($0) }, numeric: [1, 2, 3, 4, 5, 6, 7],
                    rows.map { f in
                [f.name, String(f.stagesCompleted), String(f.tasksCompleted), f.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-",
                 f.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                 f.slaJudged == 0 ? "-" : Numbers.percent(f.slaMetPercent) + " (\(f.slaMet)/\(f.slaJudged))", String(f.approvals), String(f.rejections)]
            })
    }

    func trend() -> String {
        guard !figures.trend.isEmpty else { return "" }
        let kpis = figures.trend.first?.kpis.map(\.title) ?? []
        return "<h3>\(e(w("Trend"))) <small>\(e(w.byPeriod(process.every)))</small></h3>\n"
            + table([w("period"), w("opened"), w("closed"), w("cancelled"), w("open"), w("win rate"), w("lead p50"), w("lead p50 calendar"), w("SLA met")] + kpis,
                    numeric: Set(1..<(9 + kpis.count)), figures.trend.map { t in
                        [t.period, String(t.opened), String(t.closed.reduce(0) { $0 + $1.cases }), String(t.cancelled), String(t.open),
                         Numbers.percent(t.winPercent), t.leadP50WorkingMillis.map { Numbers.businessDays($0, day) } ?? "-",
                         t.leadP50CalendarMillis.map(Numbers.days) ?? "-", Numbers.percent(t.slaMetPercent)] + t.kpis.map(\.text)
                    })
    }
}
