import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Foundation

/// `caseflow migrate` as an operator runs it on a database of running sales cases: a dry run,
/// a real run killed with SIGKILL half way, the same command again to finish, then `verify`.
public struct MigrationDrill {
    public struct Outcome {
        public var dryRun: CLIProcess.Output
        public var dryRunSeconds: Double
        public var migratedBeforeKill: Int
        public var resumed: CLIProcess.Output
        public var resumedSeconds: Double
        public var verify: CLIProcess.Output
        public var versions: [Int: Int]
    }

    public let db: String
    public let open: @Sendable () async throws -> any CaseStore

    public init(db: String, open: @escaping @Sendable () async throws -> any CaseStore) {
        self.db = db
        self.open = open
    }

    static func versions(_ store: any CaseStore) async throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        var after: String?
        while true {
            let page = try await store.cases(CaseQuery(workflow: "service-sales", after: after, limit: 1000))
            for c in page { counts[c.workflowVersion, default: 0] += 1 }
            guard page.count == 1000 else { break }
            after = page.last?.id
        }
        return counts
    }

    public func run(cases: Int) async throws -> Outcome {
        let arguments = ["migrate", "service-sales", "--from", "1", "--to", "2", "--db", db, "--reason", "compliance review"]
        var t = Date()
        let dry = try CLIProcess.run(arguments + ["--dry-run"])
        let dryRunSeconds = Date().timeIntervalSince(t)

        // The real run, killed as soon as some cases have moved.
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = CLIProcess.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var moved = 0
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline {
            moved = try await Self.versions(try await open())[2] ?? 0
            if moved > 0 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // A batch the killed process had sent may still commit (on PostgreSQL a batch is one
        // statement, which the server finishes though its client is gone): count once the
        // database has settled.
        moved = try await Self.versions(try await open())[2] ?? 0
        while true {
            try await Task.sleep(for: .milliseconds(300))
            let again = try await Self.versions(try await open())[2] ?? 0
            if again == moved { break }
            moved = again
        }

        t = Date()
        let resumed = try CLIProcess.run(arguments)
        let resumedSeconds = Date().timeIntervalSince(t)
        let verify = try CLIProcess.run(["verify", "--db", db])
        return Outcome(dryRun: dry, dryRunSeconds: dryRunSeconds, migratedBeforeKill: moved, resumed: resumed,
                       resumedSeconds: resumedSeconds, verify: verify, versions: try await Self.versions(try await open()))
    }
}
