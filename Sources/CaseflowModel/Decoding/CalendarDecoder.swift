import CaseflowYAML

/// `kind: calendar`: time zone, weekly hours, holidays and make-up working days.
struct CalendarDecoder {
    let reader: NodeReader
    let source: SourceText

    func decode(_ root: YAMLNode) -> CalendarDefinition? {
        guard let f = reader.fields(root, "a calendar",
                                    allowed: ["kind", "id", "title", "description", "timezone", "hours", "holidays", "workdays"],
                                    required: ["id", "timezone", "hours"]),
              let id = f["id"].flatMap({ reader.id($0, "calendar id") }),
              let tzNode = f["timezone"], let tz = reader.text(tzNode, "timezone") else { return nil }
        let zone = TimeZoneRules(identifier: tz.value)
        if zone == nil {
            reader.log.error("unknown time zone '\(tz.value)': use an IANA name like Asia/Shanghai or Europe/Berlin",
                             at: tzNode.location)
        }
        let errorsBefore = reader.log.items.count
        let weekly = f["hours"].map(hours) ?? WeeklyHours()
        if weekly.isEmpty, let n = f["hours"], reader.log.items.count == errorsBefore {
            reader.log.error("calendar '\(id.value)' has no working hours on any day", at: n.location)
        }
        var holidays = Set<LocalDate>()
        for item in f["holidays"].map({ reader.list($0, "holidays") }) ?? [] {
            holidays.formUnion(holiday(item))
        }
        var workdays: [LocalDate: [HourRange]] = [:]
        for item in f["workdays"].map({ reader.list($0, "workdays") }) ?? [] {
            guard let (date, ranges) = workday(item) else { continue }
            if holidays.contains(date) {
                reader.log.error("\(date) is both a holiday and a make-up working day", at: item.location)
            }
            workdays[date] = ranges
        }
        guard let zone else { return nil }
        let calendar = WorkingCalendar(id: id.value, zone: zone, weeklyHours: weekly, holidays: holidays, makeUpDays: workdays)
        return CalendarDefinition(id: id, timezone: tz, calendar: calendar)
    }

    private func hours(_ node: YAMLNode) -> WeeklyHours {
        let entries = reader.entries(node, "hours")
        var texts: [(key: String, hours: String)] = []
        var nodes: [(key: Located<String>, value: YAMLNode)] = []
        for (key, value) in entries {
            guard let text = reader.text(value, "hours of '\(key.value)'") else { continue }
            texts.append((key.value, text.value))
            nodes.append((key, value))
        }
        let (week, issues) = WeeklyHours.parse(texts)
        for issue in issues {
            let (key, value) = nodes[issue.entry]
            switch issue.part {
            case .key:
                reader.log.error("'\(key.value)': \(issue.error.message)",
                                 at: SourceLocation(file: key.location.file, line: key.location.line,
                                                    column: key.location.column + issue.error.offset))
            case .hours:
                let location = value.scalar.map { source.location(ofValueOffset: issue.error.offset, in: $0) } ?? value.location
                reader.log.error("hours of '\(key.value)': \(issue.error.message)", at: location)
            }
        }
        return week
    }

    private func date(_ node: YAMLNode, _ what: String) -> LocalDate? {
        guard let text = reader.text(node, what) else { return nil }
        guard let d = LocalDate(text.value) else {
            reader.log.error("\(what) must be a date like 2026-02-14, found '\(text.value)'", at: node.location)
            return nil
        }
        return d
    }

    /// `2026-01-01`, `{ date: 2026-05-01, name: … }` or `{ from: …, to: …, name: … }`.
    private func holiday(_ node: YAMLNode) -> [LocalDate] {
        if node.scalar != nil { return date(node, "a holiday").map { [$0] } ?? [] }
        guard let f = reader.fields(node, "a holiday", allowed: ["date", "from", "to", "name"]) else { return [] }
        if let d = f["date"] {
            if f.has("from") || f.has("to") {
                reader.log.error("a holiday is either a date or a from/to range, not both", at: node.location)
            }
            return date(d, "date").map { [$0] } ?? []
        }
        guard let fromNode = f["from"], let toNode = f["to"] else {
            reader.log.error("a holiday range needs both 'from' and 'to'", at: node.location)
            return []
        }
        guard let from = date(fromNode, "from"), let to = date(toNode, "to") else { return [] }
        let days = from.days(to: to)
        guard days >= 0, days <= 366 else {
            reader.log.error(days < 0 ? "'to' (\(to)) is before 'from' (\(from))" : "a holiday range may span at most a year",
                             at: toNode.location)
            return []
        }
        return (0...days).map { from.adding(days: $0) }
    }

    /// `2026-02-14` (the hours of a regular working day: empty here, resolved by the calendar)
    /// or `{ date: …, hours: "…" }`.
    private func workday(_ node: YAMLNode) -> (LocalDate, [HourRange])? {
        let regular: [HourRange] = []
        if node.scalar != nil { return date(node, "a make-up working day").map { ($0, regular) } }
        guard let f = reader.fields(node, "a make-up working day", allowed: ["date", "hours", "name"], required: ["date"]),
              let d = f["date"].flatMap({ date($0, "date") }) else { return nil }
        guard let hoursNode = f["hours"], let text = reader.text(hoursNode, "hours") else { return (d, regular) }
        do {
            return (d, try DayHoursParser.parse(text.value))
        } catch {
            let location = hoursNode.scalar.map { source.location(ofValueOffset: error.offset, in: $0) } ?? hoursNode.location
            reader.log.error("hours: \(error.message)", at: location)
            return nil
        }
    }
}
