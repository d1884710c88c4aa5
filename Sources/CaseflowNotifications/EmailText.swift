import CaseflowModel
import CaseflowRules
import Foundation

/// An escalation as an email: plain text and HTML, in the person's language (English, or Chinese
/// for a `zh` locale), saying which case, customer and stage, how late, what is asked, and where
/// the case is.
struct EmailText: Equatable {
    var subject: String
    var text: String
    var html: String

    func payload(to address: String) -> String {
        JSONPrinter.print(.stringMap([("to", .string(address)), ("subject", .string(subject)), ("text", .string(text)),
                                      ("html", .string(html))]))
    }

    struct Decoded {
        var to: String
        var subject: String
        var text: String
        var html: String
    }

    static func decode(_ payload: String) -> Decoded? {
        guard let data = payload.data(using: .utf8),
              let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let to = o["to"] as? String, let subject = o["subject"] as? String,
              let text = o["text"] as? String, let html = o["html"] as? String else { return nil }
        return Decoded(to: to, subject: subject, text: text, html: html)
    }

    static func compose(_ n: Notice, to person: String, name: String?, asked: String, locale: String?) -> EmailText {
        let zh = locale?.lowercased().hasPrefix("zh") ?? false
        let level = n.escalation.map { "\($0.level)" } ?? ""
        let moment = zh ? chineseMoment(n.escalation?.moment ?? "") : n.escalation?.moment ?? ""
        let greeting = zh ? "\(name ?? person)，您好：" : "Hello \(name ?? person),"
        // A customer name is case data and may hold a line break, which a header may not: folded
        // to spaces (refusing it failed every email of the case for good).
        let subject = oneLine(zh
            ? "[Caseflow] 升级（第\(level)级）：\(n.customer) — \(n.stageTitle)"
            : "[Caseflow] Escalation level \(level): \(n.customer) — \(n.stageTitle)")
        var rows: [(String, String)] = zh
            ? [("案件", n.caseID), ("客户", n.customer), ("流程", n.workflow.definition.title ?? n.workflow.id),
               ("阶段", n.stageTitle), ("时限", moment)]
            : [("Case", n.caseID), ("Customer", n.customer), ("Process", n.workflow.definition.title ?? n.workflow.id),
               ("Stage", n.stageTitle), ("SLA", moment)]
        if let late = n.lateText { rows.append((zh ? "已逾期" : "Late by", late)) }
        let askedLine = zh ? "需要您：\(askedChinese(asked, n))" : "What is asked of you: \(asked)"
        var text = "\(greeting)\n\n" + rows.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n\n\(askedLine)\n"
        if let instructions = n.instructions { text += "\n" + (zh ? "说明：" : "Instructions:") + "\n\(instructions)\n" }
        if let link = n.link { text += "\n" + (zh ? "打开案件：" : "Open the case: ") + "\(link)\n" }
        var html = "<!DOCTYPE html><html><body>"
        html += "<p>\(escape(greeting))</p><table>"
        for (k, v) in rows { html += "<tr><th align=\"left\">\(escape(k))</th><td>\(escape(v))</td></tr>" }
        html += "</table><p><strong>\(escape(askedLine))</strong></p>"
        if let instructions = n.instructions {
            html += "<p>\(escape(zh ? "说明：" : "Instructions:"))</p><pre>\(escape(instructions))</pre>"
        }
        if let link = n.link { html += "<p><a href=\"\(escape(link))\">\(escape(zh ? "打开案件" : "Open the case"))</a></p>" }
        html += "</body></html>"
        return EmailText(subject: subject, text: text, html: html)
    }

    /// The request in Chinese, from the same facts as the English one.
    private static func askedChinese(_ english: String, _ n: Notice) -> String {
        if english.hasPrefix("Vote") { return "在“\(n.stageTitle)”的审批关口投票。" }
        if english.hasPrefix("Complete") {
            if let due = n.dueInText { return "完成“\(n.stageTitle)”：距时限还有 \(due)。" }
            return "完成“\(n.stageTitle)”：已超过时限。"
        }
        return "督促“\(n.stageTitle)”完成或改派他人。"
    }

    /// Line breaks and other control characters as spaces.
    static func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { [.control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
            ? " " : Character($0) })
    }

    /// `warn`, `breach`, `breach + 1d` in Chinese.
    private static func chineseMoment(_ moment: String) -> String {
        if moment == "warn" { return "预警" }
        if moment == "breach" { return "超时" }
        if moment.hasPrefix("breach + ") { return "超时后 " + moment.dropFirst("breach + ".count) }
        return moment
    }

    static func escape(_ s: String) -> String { MarkupText.escape(s) }
}
