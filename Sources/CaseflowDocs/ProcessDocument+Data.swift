import CaseflowModel

/// The case's data fields and the working calendar.
extension ProcessDocument {
    func dataFields() -> String {
        let rows = workflow.data.map { field -> [String] in
            [
                MarkdownText.code(field.name.value),
                MarkdownText.code(field.type.description),
                field.required ? "yes" : "",
                field.defaultValue.map { MarkdownText.code(YAMLValueText.text($0)) } ?? "",
                field.allowed.map { $0.map { MarkdownText.code(YAMLValueText.text($0)) }.joined(separator: ", ") } ?? "",
                field.min.map(number) ?? "",
                field.max.map(number) ?? "",
                field.title.map(MarkdownText.plain) ?? "",
            ]
        }
        return """
        ## Data fields

        Required fields must be given when a case opens; a stage's `requires` fields must be set \
        before it can complete. Minimum and maximum are inclusive.

        \(MarkdownText.table(["Field", "Type", "Required", "Default", "Allowed values", "Min", "Max", "Title"], rows))
        """
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    func calendar() -> String {
        guard let id = workflow.calendar?.value else {
            return "## Calendar\n\nThe workflow names no calendar: every hour counts (24x7), and a business day is 24 hours."
        }
        guard let definition = definitions.calendars[id] else {
            return "## Calendar\n\nCalendar \(MarkdownText.code(id)) is not among the loaded policies."
        }
        let cal = definition.calendar
        var rows: [[String]] = []
        var start = 0
        let days = Weekday.allCases
        while start < days.count {
            var end = start
            while end + 1 < days.count, cal.weeklyHours[days[end + 1]] == cal.weeklyHours[days[start]] { end += 1 }
            let name = start == end ? days[start].key : "\(days[start].key)-\(days[end].key)"
            let hours = cal.weeklyHours[days[start]]
            rows.append([name, hours.isEmpty ? "off" : hours.map(\.description).joined(separator: ", ")])
            start = end + 1
        }
        var lines = [
            "## Calendar", "",
            "Calendar \(MarkdownText.code(id)), time zone \(MarkdownText.code(definition.timezone.value)); "
                + "working hours are local time, also across daylight-saving changes.", "",
            MarkdownText.table(["Days", "Working hours"], rows), "",
        ]
        let holidays = cal.holidays.sorted()
        if let first = holidays.first, let last = holidays.last {
            lines.append("- Holidays: \(holidays.count) day\(holidays.count == 1 ? "" : "s") off, from \(first) to \(last).")
            lines.append("- The holiday list covers \(first.year == last.year ? "\(first.year)" : "\(first.year)–\(last.year)"): "
                         + "after \(last) no day is a holiday until the list is extended.")
        } else {
            lines.append("- Holidays: none.")
        }
        let makeUp = cal.makeUpDays.keys.sorted()
        if makeUp.isEmpty {
            lines.append("- Make-up working days: none.")
        } else {
            lines.append("- Make-up working days: \(makeUp.count): " + makeUp.map { date in
                "\(date) (\(cal.makeUpDays[date]!.map(\.description).joined(separator: ", ")))"
            }.joined(separator: ", ") + ".")
        }
        lines.append("- A business day is the same working moment one working day later; a clock started outside "
                     + "working hours starts at the next working moment.")
        return lines.joined(separator: "\n")
    }
}
