/// The words of the HTML report in one language: English (`caseflow report`'s pages and the
/// console's KPI page in English) or Chinese (the console's KPI page for a reader who reads it in
/// Chinese). The figures, stage ids and targets are the same in both.
public struct ReportWording: Sendable {
    public enum Language: Sendable { case english, chinese }

    public let language: Language

    public static let english = ReportWording(language: .english)
    public static let chinese = ReportWording(language: .chinese)

    /// A fixed label, heading or caption, given in English.
    func callAsFunction(_ english: String) -> String {
        language == .english ? english : Self.chineseLabels[english] ?? english
    }

    func processTitle(_ workflow: String, _ title: String?) -> String {
        (language == .english ? "Process report: " : "流程报告：") + workflow + (title.map { " — \($0)" } ?? "")
    }

    func meta(_ p: ProcessReport) -> String {
        let hours = Numbers.hours(p.dayMillis)
        switch language {
        case .english:
            return "\(p.cases) cases. Times are working time on the \(p.calendar) calendar (\(p.zone)) unless marked calendar; "
                + "bd = business day of \(hours) working hours, d = calendar day. Median (p50) and p90 by nearest rank."
                + (p.mainOutcome.map { " Won = outcome \($0)." } ?? "")
        case .chinese:
            return "\(p.cases) 个案件。时间为 \(p.calendar) 日历（\(p.zone)）上的工作时间，标注“日历”者除外；"
                + "bd = 工作日（\(hours) 个工作小时），d = 日历日。中位数（p50）与 p90 采用最近秩法计算。"
                + (p.mainOutcome.map { "赢单 = 结果 \($0)。" } ?? "")
        }
    }

    func cases(_ n: Int) -> String {
        language == .english ? "\(n) case\(n == 1 ? "" : "s")" : "\(n) 个案件"
    }

    var noCases: String { language == .english ? "No cases to report." : "没有可报告的案件。" }

    func skipped(_ n: Int, _ workflow: String) -> String {
        language == .english
            ? "Skipped \(n) case\(n == 1 ? "" : "s") of workflow \(workflow): it is not among the loaded definitions."
            : "跳过了流程 \(workflow) 的 \(n) 个案件：它不在已加载的定义中。"
    }

    func winRate(_ percent: String, _ outcome: String) -> String {
        language == .english ? "win rate \(percent) (closed \(outcome) / closed)" : "赢单率 \(percent)（结果为 \(outcome) 的结案 / 全部结案）"
    }

    func span(_ from: String, _ to: String) -> String { language == .english ? "From \(from) to \(to)" : "从 \(from) 到 \(to)" }

    var neitherReached: String { language == .english ? "No case reached both." : "没有案件同时到达两者。" }

    func closed(_ outcome: String) -> String { language == .english ? "closed: \(outcome)" : "结案：\(outcome)" }

    func yes(_ b: Bool) -> String { language == .english ? (b ? "yes" : "no") : (b ? "是" : "否") }

    /// " (target 16h)" after a dwell's median and p90.
    func targetHours(_ hours: String) -> String { language == .english ? " (target \(hours)h)" : "（目标 \(hours)h）" }

    /// "Cases per week of opening", "by week of opening".
    func casesPer(_ every: String?) -> String {
        language == .english ? "Cases per \(every ?? "period") of opening" : "按新建\(period(every))统计的案件数"
    }

    func byPeriod(_ every: String?) -> String {
        language == .english ? "by \(every ?? "period") of opening" : "按新建\(period(every))"
    }

    private func period(_ every: String?) -> String {
        switch every {
        case "week": return "周"
        case "month": return "月"
        default: return "周期"
        }
    }

    var rankingRule: String {
        language == .english ? Report.rankingRule
            : "得分 = 100 × 未达标率 × (1 + 平均超时倍数)，以各阶段自身的 SLA 目标计；无目标的阶段按 p90 排在其后"
    }

    /// Why a stage ranks where it does, from its figures: the ranking's own text in English,
    /// the same figures worded in Chinese.
    func why(_ b: Bottleneck, dayMillis: Int64) -> String {
        guard language == .chinese else { return b.why }
        return why(targets: b.target.map { $0.components(separatedBy: " / ") } ?? [], judged: b.judged, missed: b.missed,
                   missPercent: b.breachPercent, overrun: b.overrun, p90Millis: b.p90Millis, medianMillis: b.medianMillis, dayMillis: dayMillis)
    }

    /// Why a stage ranks where it does: how often it misses its targets and by how much, its p90
    /// (without a target: its p90 and median).
    func why(targets: [String], judged: Int, missed: Int, missPercent: Double, overrun: Double?, p90Millis: Int64,
             medianMillis: Int64, dayMillis: Int64) -> String {
        let p90 = duration(p90Millis, dayMillis)
        let target = targets.joined(separator: " / ")
        let en = language == .english
        guard !targets.isEmpty else {
            let median = duration(medianMillis, dayMillis)
            return en ? "no SLA target: p90 \(p90), median \(median)" : "没有 SLA 目标：p90 \(p90)，中位数 \(median)"
        }
        let its = targets.count == 1 ? "its target of \(target)" : "its targets of \(target)"
        let percent = Numbers.fixed(missPercent, 1)
        var why: String
        switch (missed, judged) {
        case (0, 0): why = en ? "no visit judged against \(its) yet" : "尚未按目标 \(target) 评判过"
        case (0, _): why = en ? "meets \(its) in every visit (\(judged))" : "\(judged) 次均达到目标 \(target)"
        default: why = en ? "misses \(its) in \(percent)% of visits (\(missed) of \(judged))" : "\(judged) 次中 \(missed) 次（\(percent)%）未达到目标 \(target)"
        }
        if missed > 0, let overrun {
            why += en ? ", by \(Numbers.fixed(overrun, 2))× the target on average" : "，平均超出目标 \(Numbers.fixed(overrun * 100, 0))%"
        }
        return why + (en ? "; p90 \(p90)" : "；p90 \(p90)")
    }

    /// Working time in business days of the calendar from one day up, else in working hours (in
    /// days and hours when the calendar works around the clock).
    private func duration(_ millis: Int64, _ dayMillis: Int64) -> String {
        let allHours = dayMillis >= 86_400_000
        let inDays = millis >= dayMillis
        let value = inDays ? Numbers.fixed(Double(millis) / Double(dayMillis), 1) : Numbers.fixed(Double(millis) / 3_600_000, 1)
        switch language {
        case .english:
            let unit = inDays ? (allHours ? "day" : "business day") : (allHours ? "hour" : "working hour")
            return "\(value) \(unit)" + (value == "1.0" ? "" : "s")
        case .chinese:
            return value + (inDays ? (allHours ? " 天" : " 个工作日") : (allHours ? " 小时" : " 个工作小时"))
        }
    }

    private static let chineseLabels: [String: String] = [
        "KPIs": "KPI", "KPI": "KPI", "value": "实际值", "target": "目标", "met": "达标", "cases": "案件数",
        "Funnel: cases that entered each stage (conversion from the first)": "漏斗：进入各阶段的案件（相对第一阶段的转化率）",
        "Funnel": "漏斗", "Dwell per stage: median and p90 working hours, target marked": "各阶段停留时长：工作小时的中位数与 p90，标出目标",
        "Dwell per stage": "各阶段停留时长", "median": "中位数", "SLA target": "SLA 目标", "SLA met % per stage": "各阶段 SLA 达标率",
        "opened": "新建", "closed since": "其中已结案", "Cases opened": "新建案件", "Win rate and SLA met %": "赢单率与 SLA 达标率",
        "win rate": "赢单率", "SLA met": "SLA 达标", "Median lead-to-close (business days)": "线索到结案的中位时长（工作日）",
        "lead-to-close p50": "线索到结案 p50", "Median lead-to-close": "线索到结案中位时长",
        "Bottlenecks": "瓶颈", "rank": "排名", "stage": "阶段", "score": "得分", "why": "原因",
        "cases, in process order": "案件数，按流程顺序", "entered": "进入", "forward": "前进", "back": "退回",
        "left the process": "离开流程", "cancelled": "已取消", "open now": "当前未结", "conversion": "转化率",
        "Outcomes": "结果", "outcome": "结果", "still open": "仍未结", "Lead-to-close": "线索到结案", "opened → closed": "新建 → 结案",
        "p50 calendar": "p50 日历", "p90 calendar": "p90 日历", "first entries": "首次进入",
        "Stages": "阶段", "working hours per completed visit": "每次完成所用的工作小时", "kind": "类型", "visits": "次数",
        "warned": "预警", "breached": "超时", "escalations": "升级", "rejected": "驳回",
        "worked": "办理", "automatic": "自动", "gate": "审批", "timer": "等待", "end": "结束",
        "People": "人员", "Roles": "角色", "person": "人员", "role": "角色",
        "working hours from entering the stage to their completion or vote": "从进入阶段到完成或投票的工作小时",
        "stages": "阶段数", "tasks": "任务数", "approved": "批准",
        "Trend": "趋势", "period": "周期", "closed": "结案", "open": "未结", "lead p50": "线索 p50", "lead p50 calendar": "线索 p50 日历",
    ]
}
