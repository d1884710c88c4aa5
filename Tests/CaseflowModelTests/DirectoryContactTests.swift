import CaseflowModel
import Testing

/// The directory's contact details and `notify` naming people.
@Suite struct DirectoryContactTests {
    @Test func emailAndLocaleAreCheckedWhereTheyAreWritten() {
        let lines = FirstHourValidationTests.lines([("people.yaml", """
            kind: directory
            id: staff
            people:
              ann: { name: Ann, roles: [rep], email: ann@example.com, locale: zh-CN }
              ben: { name: Ben, roles: [boss], email: "ben at example", locale: english_please }
              cy: { roles: [rep], phone: "123" }
            """)])
        #expect(lines.contains("people.yaml:5:43: error: email 'ben at example' is not an address like name@example.com"))
        #expect(lines.contains("people.yaml:5:69: error: locale 'english_please' is not a language tag like en or zh-CN"))
        #expect(lines.contains { $0.hasPrefix("people.yaml:6:") && $0.contains("phone") })
        #expect(!lines.contains { $0.hasPrefix("people.yaml:4:") }, "\(lines)")
    }

    @Test func notifyNamesRolesPeopleOrOwnerAndNothingElse() {
        let lines = FirstHourValidationTests.lines([FirstHourValidationTests.people, FirstHourValidationTests.workflow("""
              intake:
                role: rep
                sla:
                  due: 2h
                  escalation:
                    - at: breach
                      notify: [owner, ben, boss, bem]
                next: won
            """)])
        let errors = lines.filter { $0.contains("error") }
        #expect(errors.count == 1, "\(lines)")
        #expect(errors.first?.contains("notify 'bem' is neither owner, a role of workflow 'deal' nor a person of the directory") == true)
        #expect(errors.first?.contains("ben") == true, "a suggestion: \(errors)")
    }
}

@Suite struct SearchKeyTests {
    @Test func searchNamesScalarDataFields() {
        let lines = FirstHourValidationTests.lines([FirstHourValidationTests.people, ("w.yaml", """
            kind: workflow
            id: deal
            version: 1
            roles: [rep]
            search: [potential, paid, tags, potentail, paid]
            data:
              potential: { type: string }
              paid: { type: bool }
              tags: { type: list<string> }
            start: intake
            stages:
              intake: { role: rep, next: won }
              won: { end: won }
            """)])
        #expect(lines.contains { $0.hasPrefix("w.yaml:5:") && $0.contains("search field 'tags' is a list<string>") }, "\(lines)")
        #expect(lines.contains { $0.contains("search field 'potentail' is not a data field") && $0.contains("potential") })
        #expect(lines.contains { $0.contains("search field 'paid' is listed twice") })
        #expect(lines.filter { $0.contains("error") }.count == 3, "\(lines)")
    }
}
