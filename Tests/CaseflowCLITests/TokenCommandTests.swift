import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow token issue | list | revoke` as an operator uses them.
@Suite struct TokenCommandTests {
    @Test func issueListAndRevoke() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("caseflow.tokens").path

        let ghost = try CLIProcess.run(["token", "issue", "alicia", "--tokens", file])
        #expect(ghost.status == 1 && ghost.stderr.contains("no person 'alicia' in the directory") && ghost.stderr.contains("alice"))
        let elsewhere = try CLIProcess.run(["token", "issue", "alice"], in: dir)
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains("no directory of people found in Policies"), "\(elsewhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("caseflow.tokens").path), "nothing written")
        let badExpiry = try CLIProcess.run(["token", "issue", "alice", "--tokens", file, "--expires", "soon"])
        #expect(badExpiry.status != 0 && badExpiry.stderr.contains("not a duration"))
        // A folder given for the token file: said in words (it printed Foundation's error domain).
        let folder = try CLIProcess.run(["token", "issue", "alice", "--tokens", dir.path])
        #expect(folder.status == 1 && folder.stderr.contains("\(dir.path) is a folder, not a token file") && !folder.stderr.contains("NSCocoa"),
                "\(folder.stderr)")
        for lifetime in ["-5d", "0d"] {
            let past = try CLIProcess.run(["token", "issue", "alice", "--tokens", file, "--expires", lifetime])
            #expect(past.status == 64 && past.stderr.contains("--expires \(lifetime): a token's lifetime must be longer than zero"),
                    "\(past.stderr)")
        }
        for (value, says) in [("0.5d", "is not a duration: give a whole number"), ("-x", "is not a duration"),
                              ("99999w", "at most ten years"), ("1s", "is not a duration")] {
            let odd = try CLIProcess.run(["token", "issue", "alice", "--tokens", file, "--expires", value])
            #expect(odd.status == 64 && odd.stderr.contains("--expires \(value)") && odd.stderr.contains(says), "\(value): \(odd.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: file), "no token was written")
        // 100,000 minutes (69 days) is a lifetime like any other.
        let minutes = try CLIProcess.run(["token", "issue", "alice", "--tokens", dir.appendingPathComponent("other.tokens").path,
                                          "--expires", "100000m"])
        #expect(minutes.status == 0, "\(minutes.stderr)")

        let issued = try CLIProcess.run(["token", "issue", "alice", "--tokens", file, "--expires", "90d", "--name", "laptop"])
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stdout.hasPrefix("cf_"))
        #expect(issued.stderr.contains("expires"))
        let second = try CLIProcess.run(["token", "issue", "carl", "--tokens", file])
        #expect(second.status == 0)
        let list = try CLIProcess.run(["token", "list", "--tokens", file])
        let rows = list.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == 2)
        let alice = try #require(rows.first { $0[1] == "alice" })
        #expect(alice[2] == "laptop" && alice[4] != "never")
        #expect(rows.first { $0[1] == "carl" }?[4] == "never")
        #expect(!list.stdout.contains(issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "tokens are never shown again")

        let revoked = try CLIProcess.run(["token", "revoke", alice[0], "--tokens", file])
        #expect(revoked.status == 0 && revoked.stdout.contains("revoked token \(alice[0]) of alice"))
        let after = try CLIProcess.run(["token", "list", "--tokens", file])
        #expect(!after.stdout.contains("alice") && after.stdout.contains("carl"))
        #expect(try CLIProcess.run(["token", "revoke", alice[0], "--tokens", file]).status == 1)
        for bad in ["4193e", "", "not-hex-at-all"] {
            let short = try CLIProcess.run(["token", "revoke", bad, "--tokens", file])
            #expect(short.status == 64 && short.stderr.contains("at least 6 of its hex digits"), "\(bad): \(short.stderr)")
        }
        // The whole hash, as the token file keeps it, names the token too (it said "no token").
        let carlLine = try #require(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first { $0.contains("\tcarl") || $0.contains(" carl") })
        let carlHash = String(try #require(carlLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).first))
        #expect(carlHash.count == 64)
        let byHash = try CLIProcess.run(["token", "revoke", carlHash, "--tokens", file])
        #expect(byHash.status == 0 && byHash.stdout.contains("of carl"), "\(byHash.stderr)")
        let second2 = try CLIProcess.run(["token", "issue", "carl", "--tokens", file])
        #expect(second2.status == 0)
        // A mistyped token file path said "no tokens" and exited 0.
        let mistyped = try CLIProcess.run(["token", "list", "--tokens", file + ".typo"])
        #expect(mistyped.status == 1 && mistyped.stderr.contains("no token file at"), "\(mistyped.stderr)")

        // A token file the daemon would refuse (a line mangled by hand): no token is added to it,
        // since the daemon would never load it.
        try (String(contentsOfFile: file, encoding: .utf8) + "not a token line\n").write(toFile: file, atomically: true, encoding: .utf8)
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let refused = try CLIProcess.run(["token", "issue", "carl", "--tokens", file])
        #expect(refused.status == 1 && refused.stdout.isEmpty, "\(refused.stdout)")
        #expect(refused.stderr.contains("no token was added: mend \(file) first"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }
}
