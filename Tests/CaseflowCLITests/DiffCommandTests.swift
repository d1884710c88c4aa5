import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow diff` as an administrator uses it before numbering a new version: every change that
/// makes a new version is listed (an outcome, `search`, a description once showed "0 changes"
/// while `validate --db` asked for a new version number), a file that cannot be read says where,
/// and two different workflows are not compared as if they were versions of one.
@Suite struct DiffCommandTests {
    let original: String
    let folder: URL

    init() throws {
        original = try String(contentsOf: CLIProcess.repository.appendingPathComponent("Workflows/service-sales.yaml"), encoding: .utf8)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The shipped file with `edit` applied, written beside the original's copy; the diff's output.
    func diff(_ edit: (String) -> String, format: String = "text") throws -> CLIProcess.Output {
        let old = folder.appendingPathComponent("old.yaml"), new = folder.appendingPathComponent("new.yaml")
        try original.write(to: old, atomically: true, encoding: .utf8)
        let edited = edit(original)
        #expect(edited != original, "the edit changed nothing")
        try edited.write(to: new, atomically: true, encoding: .utf8)
        return try CLIProcess.run(["diff", old.path, new.path, "--format", format])
    }

    @Test func anOutcomeIsAChangeAndNotARename() throws {
        let out = try diff { $0.replacingOccurrences(of: "{ title: Won, end: won }", with: "{ title: Won, end: victory }") }
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("service-sales@1 → service-sales@1: 1 change\n"), "\(out.stdout)")
        #expect(out.stdout.contains("stage won outcome: won → victory"))
        let json = try diff({ $0.replacingOccurrences(of: "{ title: Won, end: won }", with: "{ title: Won, end: victory }") }, format: "json")
        #expect(json.stdout.contains(#""area":"stage""#) && json.stdout.contains(#""subject":"won""#))
    }

    @Test func descriptionsSearchTitlesAndOrderAreListed() throws {
        let out = try diff { text in
            text.replacingOccurrences(of: "start: prospecting\n", with: "search: [customer]\nstart: prospecting\n")
                .replacingOccurrences(of: "title: Customer sales (service industry)\n",
                                      with: "title: Customer sales (service industry)\ndescription: From the first contact to care\n")
                .replacingOccurrences(of: "title: Customer budget (CNY)", with: "title: Budget (CNY)")
        }
        #expect(out.status == 0)
        #expect(out.stdout.contains("search added: [customer]"), "\(out.stdout)")
        #expect(out.stdout.contains("description added: From the first contact to care"))
        #expect(out.stdout.contains("field budget title: Customer budget (CNY) → Budget (CNY)"))
        #expect(out.stdout.hasPrefix("service-sales@1 → service-sales@1: 3 changes\n"))
    }

    @Test func aFileThatCannotBeReadSaysWhere() throws {
        let out = try diff { $0.replacingOccurrences(of: "title: Customer sales (service industry)", with: "title: \"Customer sales (service industry)") }
        #expect(out.status == 1)
        #expect(out.stdout.contains("new.yaml:"), "\(out.stdout)\(out.stderr)")
        #expect(out.stderr.contains("new.yaml cannot be read; fix it first"))
        let twice = try diff { $0.replacingOccurrences(of: "version: 1\n", with: "version: 1\nversion: 2\n") }
        #expect(twice.status == 1)
        #expect(twice.stdout.contains("duplicate key 'version'"), "\(twice.stdout)")
    }

    @Test func twoWorkflowsAreNotTwoVersions() throws {
        // Refused before the database is read: the ids alone say it.
        let out = try CLIProcess.run(["diff", "service-sales@1", "after-sales-service@1", "--db", folder.appendingPathComponent("none.sqlite").path])
        #expect(out.status == 1)
        #expect(out.stderr.contains("service-sales@1 is workflow service-sales and after-sales-service@1 is workflow after-sales-service"))
        let noID = try CLIProcess.run(["diff", "@1", "service-sales@2", "--db", folder.appendingPathComponent("none.sqlite").path])
        #expect(noID.status == 1)
        #expect(noID.stderr.contains("@1: name a released version as ID@VERSION"))
    }
}
