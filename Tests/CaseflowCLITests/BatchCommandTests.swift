import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow batch` against a running daemon, as an admin would use it.
@Suite(.serialized) struct BatchCommandTests {
    @Test func dryRunThenCancelACampaignsCases() async throws {
        let site = try DaemonSite(due: "1h")
        let daemon = try site.start()
        try await daemon.waitReady()
        var ids: [String] = []
        for i in 0..<5 {
            let r = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "campaign \#(i)"}}"#)
            ids.append(try #require(r.json["id"] as? String))
        }
        let url = "http://127.0.0.1:\(daemon.port)"
        let admin = ["CASEFLOW_TOKEN": daemon.tokens["ada"] ?? ""]
        let filter = ["--filter", "workflow=quick", "--filter", #"where=note.startsWith("campaign")"#]
        let dry = try CLIProcess.run(["batch"] + filter + ["--cancel", "campaign over", "--dry-run", "--url", url], environment: admin)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("5 cases match"))
        let notAdmin = try CLIProcess.run(["batch"] + filter + ["--cancel", "x", "--url", url], environment: ["CASEFLOW_TOKEN": daemon.tokens["ann"] ?? ""])
        #expect(notAdmin.status == 1 && notAdmin.stderr.contains("only an admin"))
        let noAction = try CLIProcess.run(["batch"] + filter + ["--url", url], environment: admin)
        #expect(noAction.status != 0 && noAction.stderr.contains("give one action"))

        let run = try CLIProcess.run(["batch"] + filter + ["--cancel", "campaign over", "--url", url], environment: admin)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(": 5 done, 0 refused"), "\(run.stdout)")
        for id in ids {
            let c = try await daemon.request("GET", "/v1/cases/\(id)", as: "ann")
            #expect(c.json["status"] as? String == "cancelled")
        }

        // The same batch again: every case refuses it. The command said so and exited 0, as if
        // the batch had done what it was asked.
        let again = try CLIProcess.run(["batch"] + filter + ["--cancel", "campaign over", "--url", url], environment: admin)
        #expect(again.status == 1, "\(again.stdout) \(again.stderr)")
        #expect(again.stdout.contains(": 0 done, 5 refused"), "\(again.stdout)")
        #expect(again.stdout.split(separator: "\n").filter { $0.contains("\trefused\t") }.count == 5, "\(again.stdout)")

        // A filter key given twice kept only its last value: the batch acted on other cases than written.
        let twice = try CLIProcess.run(["batch", "--filter", "workflow=quick", "--filter", "workflow=other", "--cancel", "x", "--dry-run",
                                        "--url", url], environment: admin)
        #expect(twice.status == 64 && twice.stderr.contains("--filter workflow= is given more than once"), "\(twice.stderr)")
        // A filter with no value (or no key) crashed the command ("Index out of range").
        for empty in ["workflow=", "=quick"] {
            let r = try CLIProcess.run(["batch", "--filter", empty, "--assign", "carl", "--dry-run", "--url", url], environment: admin)
            #expect(r.status == 64 && r.stderr.contains("--filter \(empty) is not KEY=VALUE"), "\(r.status) \(r.stderr)")
        }
        // --map belongs to --migrate: with another action it was accepted and ignored.
        let mapped = try CLIProcess.run(["batch", "--filter", "workflow=quick", "--assign", "carl", "--map", "a=b", "--dry-run", "--url", url],
                                        environment: admin)
        #expect(mapped.status == 64 && mapped.stderr.contains("--map maps stages for --migrate"), "\(mapped.stderr)")
        // Mistakes in the command are usage errors (64) with this command's usage: a --set that is
        // not FIELD=JSON printed the top-level usage; a --url that is not one, and --migrate
        // without the version the cases are on, exited 1.
        let badSet = try CLIProcess.run(["batch", "--filter", "workflow=quick", "--set", "channel=online", "--dry-run", "--url", url], environment: admin)
        #expect(badSet.status == 64 && badSet.stderr.contains("--set channel=online is not FIELD=JSON") && badSet.stderr.contains("caseflow batch"),
                "\(badSet.stderr)")
        let badURL = try CLIProcess.run(["batch", "--filter", "workflow=quick", "--assign", "carl", "--url", "notaurl"], environment: admin)
        #expect(badURL.status == 64 && badURL.stderr.contains("--url notaurl is not the daemon's address"), "\(badURL.stderr)")
        let noVersion = try CLIProcess.run(["batch", "--filter", "workflow=quick", "--migrate", "2", "--url", url], environment: admin)
        #expect(noVersion.status == 64 && noVersion.stderr.contains("--migrate needs --filter workflow=ID and --filter version=N"),
                "\(noVersion.stderr)")
        // --migrate takes --set: the data the new version needs (it was refused as a second action).
        let withSet = try CLIProcess.run(["batch", "--filter", "workflow=quick", "--filter", "version=1", "--migrate", "2", "--set", "x=1",
                                          "--dry-run", "--url", url], environment: admin)
        #expect(!withSet.stderr.contains("give one action") && withSet.stderr.contains("action migrate:"), "\(withSet.stderr)")
        daemon.stop()
    }
}
