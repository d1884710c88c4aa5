import CaseflowEngine
import CaseflowModel
@testable import CaseflowServer
import Testing

/// A new release rebuilds the search index only when it can change a value in it: at a million
/// cases a needless rebuild held the daemon's start and its timers back by tens of seconds.
@Suite struct SearchReindexTests {
    static func catalog(search: String, zone: String, version: Int = 1) throws -> WorkflowCatalog {
        let yaml = """
            kind: workflow
            id: deal
            version: \(version)
            roles: [rep]
            calendar: office
            search: [\(search)]
            data:
              customer: { type: string }
              signed: { type: date }
            start: intake
            stages:
              intake: { role: rep, next: won }
              won: { end: won }
            ---
            kind: calendar
            id: office
            timezone: \(zone)
            hours:
              mon-fri: "09:00-17:00"
            ---
            kind: directory
            id: staff
            people:
              ann: { name: Ann, roles: [rep] }
            """
        let loaded = DefinitionLoader.load([DefinitionLoader.File(path: "deal.yaml", bytes: Array(yaml.utf8))])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        return try WorkflowCompiler.compileAll(loaded.definitions)
    }

    @Test func textFieldsNeverNeedARebuild() throws {
        let shanghai = try Self.catalog(search: "customer", zone: "Asia/Shanghai")
        let berlin = try Self.catalog(search: "customer", zone: "Europe/Berlin")
        #expect(!DefinitionRegistry.searchMayChange(from: nil, to: shanghai))
        #expect(!DefinitionRegistry.searchMayChange(from: shanghai, to: berlin))
    }

    @Test func aDateFieldNeedsOneOnlyWhenItsZoneMayHaveChanged() throws {
        let shanghai = try Self.catalog(search: "customer, signed", zone: "Asia/Shanghai")
        let berlin = try Self.catalog(search: "customer, signed", zone: "Europe/Berlin")
        #expect(DefinitionRegistry.searchMayChange(from: nil, to: shanghai))  // at start: the zone before is not known
        #expect(!DefinitionRegistry.searchMayChange(from: shanghai, to: shanghai))
        #expect(DefinitionRegistry.searchMayChange(from: shanghai, to: berlin))
        // A new version has no cases yet: nothing of it is in the index.
        let next = try Self.catalog(search: "signed", zone: "Europe/Berlin", version: 2)
        #expect(!DefinitionRegistry.searchMayChange(from: shanghai, to: next))
    }
}
