import CaseflowYAML

/// Checks that need the whole set: references between definitions and the shape of each workflow.
struct DefinitionChecker {
    let set: DefinitionSet
    var today: LocalDate?

    /// A calendar whose holidays end within this many days is about to count holidays as working days.
    static let holidayHorizonDays = 90

    func check(into log: inout DiagnosticLog) {
        if let today { checkHolidayHorizon(today, &log) }
        for workflow in set.workflows {
            WorkflowChecker(set: set, workflow: workflow).check(into: &log)
        }
        ExpressionChecker(set: set).check(into: &log)
        for scenario in set.scenarios {
            ScenarioChecker(set: set, scenario: scenario).check(into: &log)
        }
        checkDirectoryRoles(into: &log)
    }

    private func checkHolidayHorizon(_ today: LocalDate, _ log: inout DiagnosticLog) {
        let horizon = LocalDate(dayNumber: today.dayNumber + Self.holidayHorizonDays)
        for (id, definition) in set.calendars.sorted(by: { $0.key < $1.key }) {
            guard let last = definition.calendar.holidays.max(), last < horizon else { continue }
            log.warning("calendar \(id) lists holidays only up to \(last)\(last < today ? ", which has passed" : ""): deadlines after "
                        + "that count every day off as a working day; add the holidays that follow",
                        at: definition.id.location)
        }
    }

    /// A role no workflow uses is most likely a typo.
    private func checkDirectoryRoles(into log: inout DiagnosticLog) {
        guard !set.workflows.isEmpty else { return }
        let known = Set(set.workflows.flatMap { $0.roles.map(\.value) }).union(BuiltInRole.all)
        for person in set.people.values {
            for role in person.roles where !known.contains(role.value) {
                log.warning("role '\(role.value)' of '\(person.id.value)' is not a role of any workflow"
                            + Suggestion.hint(for: role.value, in: known), at: role.location)
            }
        }
    }
}

/// Roles every deployment has.
public enum BuiltInRole {
    /// May do everything but vote at a gate.
    public static let admin = "admin"
    /// Reads everything and changes nothing.
    public static let auditor = "auditor"
    public static let all: Set<String> = [admin, auditor]
}
