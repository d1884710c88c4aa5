import CaseflowTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Releases as an administrator meets them: the daemon records one per changed activation, an
/// unbumped edit is refused by `validate --db` and by the daemon, `releases` lists and diffs
/// them, and history names the release where a policy change took effect.
@Suite(.serialized) struct ReleaseCommandTests {
    @Test func anUnbumpedEditIsRefusedAndReleasesAreListedDiffedAndNamedInHistory() async throws {
        let site = try DaemonSite()
        var daemon = try site.start()
        try await daemon.waitReady()
        let opened = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "a"}}"#)
        let id = try #require(opened.json["id"] as? String)
        daemon.stop()

        // The SLA changed, the version not.
        let file = site.workflows.appendingPathComponent("quick.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "due: 2s", with: "due: 5s").write(to: file, atomically: true, encoding: .utf8)
        let validate = try CLIProcess.run(["validate", site.workflows.path, site.policies.path, "--db", site.db.path])
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("quick.yaml:3:10: error: quick version 1 is already released with other content; raise version to 2"))
        let refused = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())", "--db", site.db.path,
                                          "--workflows", site.workflows.path, "--policies", site.policies.path, "--tokens", site.tokensFile.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already released with other content"))

        // Bumped: accepted as version 2 beside the released version 1, which the store still has.
        try original.replacingOccurrences(of: "due: 2s", with: "due: 5s").replacingOccurrences(of: "version: 1", with: "version: 2")
            .write(to: file, atomically: true, encoding: .utf8)
        // A policy change in the same release: the directory gains a person.
        let people = site.policies.appendingPathComponent("people.yaml")
        try (try String(contentsOf: people, encoding: .utf8) + "\n  bea: { name: Bea, roles: [agent] }\n").write(to: people, atomically: true, encoding: .utf8)
        #expect(try CLIProcess.run(["validate", site.workflows.path, site.policies.path, "--db", site.db.path]).status == 0)
        daemon = try site.start()
        try await daemon.waitReady()
        let read = try await daemon.request("GET", "/v1/cases/\(id)", as: "ann")
        #expect((read.json["workflow"] as? [String: Any])?["version"] as? Int == 1)  // running cases keep their version
        let changed = try await daemon.request("POST", "/v1/cases/\(id)/data", as: "ann", body: #"{"data": {"note": "b"}}"#)
        #expect(changed.status == 200)
        daemon.stop()

        let list = try CLIProcess.run(["releases", "--db", site.db.path])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("2\t") == true && lines.first?.contains("\tstart\t2 files") == true)
        let show = try CLIProcess.run(["releases", "show", "2", "--db", site.db.path])
        #expect(show.stdout.contains("quick.yaml") && show.stdout.contains("people.yaml"))
        let diff = try CLIProcess.run(["releases", "diff", "1", "2", "--db", site.db.path])
        #expect(diff.stdout.contains("changed  \(file.path)"))
        #expect(diff.stdout.contains("quick: version: 1 → 2"))
        #expect(diff.stdout.contains("quick: stage work SLA: 2s, inline ladder: breach notify owner → 5s, inline ladder: breach notify owner"))
        #expect(diff.stdout.contains("changed  \(people.path)"))
        #expect(try CLIProcess.run(["releases", "show", "9", "--db", site.db.path]).status == 1)

        let released = try CLIProcess.run(["diff", "quick@1", "quick@2", "--db", site.db.path])
        #expect(released.status == 0)
        #expect(released.stdout.hasPrefix("quick@1 → quick@2: 2 changes"))

        let history = try CLIProcess.run(["history", id, "--db", site.db.path])
        #expect(history.stdout.hasPrefix("-- release 1, workflow version 1 --"))
        #expect(history.stdout.contains("-- release 2 (was 1), workflow version 1 --"))
        let verify = try CLIProcess.run(["verify", "--db", site.db.path, "--workflows", site.workflows.path, "--policies", site.policies.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("\(id): ok ("))

        // Version 3 in a file of its own: the diff of releases compares it with version 2 from the
        // other file (it said only "added").
        let v2 = try String(contentsOf: file, encoding: .utf8)
        let third = site.workflows.appendingPathComponent("quick-v3.yaml")
        try v2.replacingOccurrences(of: "version: 2", with: "version: 3").replacingOccurrences(of: "due: 5s", with: "due: 9s")
            .write(to: third, atomically: true, encoding: .utf8)
        daemon = try site.start()
        try await daemon.waitReady()
        daemon.stop()
        let newFile = try CLIProcess.run(["releases", "diff", "2", "3", "--db", site.db.path])
        #expect(newFile.stdout.contains("added    \(third.path)"), "\(newFile.stdout)")
        #expect(newFile.stdout.contains("quick version 3, against version 2:"), "\(newFile.stdout)")
        #expect(newFile.stdout.contains("stage work SLA: 5s, inline ladder: breach notify owner → 9s"), "\(newFile.stdout)")
    }

    /// A version near the integers' end once crashed `validate --db` and the daemon (the
    /// "raise version to N+1" advice overflowed): the loader refuses it, naming where it is.
    @Test func aVersionBeyondTheLimitIsAnErrorNotACrash() async throws {
        let site = try DaemonSite()
        let daemon = try site.start()  // release 1, which the edit below is checked against
        try await daemon.waitReady()
        daemon.stop()
        let file = site.workflows.appendingPathComponent("quick.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "version: 1", with: "version: 9223372036854775807").write(to: file, atomically: true, encoding: .utf8)
        let validate = try CLIProcess.run(["validate", site.workflows.path, site.policies.path, "--db", site.db.path])
        #expect(validate.status == 1, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("quick.yaml:3:10: error: version must be at most 1000000, found 9223372036854775807"))
        let serve = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())", "--db", site.db.path,
                                        "--workflows", site.workflows.path, "--policies", site.policies.path, "--tokens", site.tokensFile.path])
        #expect(serve.status == 1)
        #expect(serve.stderr.contains("version must be at most 1000000"))
    }

    /// A version's file may go once it is released (the database keeps it): `report` replays its
    /// cases on the kept source. They were counted as cases but left out of every KPI.
    @Test func kpisCountCasesOfAVersionWhoseFileIsGone() async throws {
        let site = try DaemonSite(due: "1h")
        let daemon = try site.start()
        try await daemon.waitReady()
        for note in ["a", "b"] {
            #expect(try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "\#(note)"}}"#).status == 201)
        }
        daemon.stop()
        // Version 2 replaces version 1's file and declares a KPI over every case.
        let file = site.workflows.appendingPathComponent("quick.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "version: 1", with: "version: 2")
            .replacingOccurrences(of: "start: work", with: "kpis:\n  n_all: { title: All cases, count: all }\nstart: work")
            .write(to: file, atomically: true, encoding: .utf8)
        let csv = try CLIProcess.run(["report", "--format", "csv", "--db", site.db.path, "--workflows", site.workflows.path,
                                      "--policies", site.policies.path])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains("quick,kpi,n_all,value,2.0000"), "\(csv.stdout)")
    }

    /// A newest version whose file is removed still opens new cases (the database keeps it, and
    /// new cases get the newest version): the log said it loaded only the files' versions.
    @Test func theLogNamesWhatNewCasesOpenOn() async throws {
        let site = try DaemonSite(due: "1h")
        let file = site.workflows.appendingPathComponent("quick.yaml")
        let second = site.workflows.appendingPathComponent("quick-2.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "version: 1", with: "version: 2")
            .replacingOccurrences(of: "due: 1h", with: "due: 2h").write(to: second, atomically: true, encoding: .utf8)
        var daemon = try site.start()
        try await daemon.waitReady()
        daemon.stop()
        try FileManager.default.removeItem(at: second)
        daemon = try site.start()
        try await daemon.waitReady()
        let opened = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "a"}}"#)
        #expect((opened.json["workflow"] as? [String: Any])?["version"] as? Int == 2)
        daemon.stop()
        let log = try String(contentsOf: site.log, encoding: .utf8)
        #expect(log.contains("workflow quick: new cases still open on version 2, which the database keeps though no file holds it"), "\(log)")
    }
}
