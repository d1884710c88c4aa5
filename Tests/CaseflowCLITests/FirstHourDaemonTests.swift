import CaseflowServer
import CaseflowTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What surprised a new operator running the daemon, each as the operator would meet it.
@Suite(.serialized) struct FirstHourDaemonTests {
    @Test func aSecondDaemonOnTheSameFileRefusesAndReloadSignalsTheRightOne() async throws {
        let site = try DaemonSite()
        let daemon = try site.start(extra: ["--log-level", "info"])
        try await daemon.waitReady()
        defer { daemon.stop() }
        let second = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())", "--db", site.db.path,
                                         "--workflows", site.workflows.path, "--policies", site.policies.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("\(site.db.path) is in use by another caseflow serve (pid \(daemon.process.processIdentifier))"))

        // A new token only works once the daemon rereads the token file: `caseflow reload` asks it.
        let (token, line) = TokenStore.issue(for: "ann")
        let handle = try FileHandle(forWritingTo: site.tokensFile)
        handle.seekToEndOfFile()
        handle.write(Data(("\n" + line + "\n").utf8))
        try handle.close()
        let reload = try CLIProcess.run(["reload", "--db", site.db.path])
        #expect(reload.status == 0)
        #expect(reload.stdout.contains("(pid \(daemon.process.processIdentifier))"))
        var status = 0
        for _ in 0..<50 {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(daemon.port)/v1/workflows")!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            status = ((try? await URLSession.shared.data(for: request))?.1 as? HTTPURLResponse)?.statusCode ?? 0
            if status == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == 200)
        let log = try String(contentsOf: site.log, encoding: .utf8)
        #expect(log.contains("tokens loaded") && log.contains("tokens=4"))
        #expect(log.contains("1 workflows, 0 decisions, 0 ladders, 0 calendars, 2 people"))
        #expect(try CLIProcess.run(["reload", "--db", site.root.appendingPathComponent("other.sqlite").path]).status == 1)
    }

    @Test func aBusyPortIsNamedBeforeServing() async throws {
        let site = try DaemonSite()
        let daemon = try site.start()
        try await daemon.waitReady()
        defer { daemon.stop() }
        let other = try DaemonSite()
        let r = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(daemon.port)", "--db", other.db.path, "--log-level", "info",
                                    "--workflows", other.workflows.path, "--policies", other.policies.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("port \(daemon.port) is in use"))
        #expect(!r.stderr.contains("caseflow serving"))
        #expect(!FileManager.default.fileExists(atPath: other.db.path))
    }

    /// An address the machine does not have, and a database folder that does not exist: each
    /// named before anything is written (the address used to fail only after the database had
    /// its first release recorded, with the network library's raw error; the folder was reported
    /// as a database in use by another daemon).
    @Test func anAddressNotOfThisMachineAndAMissingFolderAreNamedFirst() throws {
        let site = try DaemonSite()
        let foreign = try CLIProcess.run(["serve", "--listen", "192.0.2.1:\(DaemonSite.freePort())", "--db", site.db.path,
                                          "--workflows", site.workflows.path, "--policies", site.policies.path])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("192.0.2.1 is not an address of this machine"), "\(foreign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.db.path), "nothing written")

        let missing = site.root.appendingPathComponent("no-such-folder/cases.sqlite").path
        let noFolder = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())", "--db", missing,
                                           "--workflows", site.workflows.path, "--policies", site.policies.path])
        #expect(noFolder.status == 1)
        #expect(noFolder.stderr.contains("the folder \(site.root.appendingPathComponent("no-such-folder").path) does not exist"),
                "\(noFolder.stderr)")
        #expect(!noFolder.stderr.contains("in use by another"))
    }

    /// A PostgreSQL server that is not there: the daemon says so and exits (it used to wait for
    /// a connection without end, saying nothing above the info level).
    @Test func anUnreachableDatabaseServerIsNamedAndTheDaemonExits() async throws {
        let site = try DaemonSite()
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())", "--db", "postgres://nobody@127.0.0.1:1/none?sslmode=disable",
                             "--workflows", site.workflows.path, "--policies", site.policies.path]
        process.currentDirectoryURL = site.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning {
            process.terminate()
            Issue.record("the daemon still waits for the database after 30 s")
        }
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("cannot connect to postgres://nobody@127.0.0.1:1/none"), "\(stderr)")
        #expect(stderr.lowercased().contains("refused"), "\(stderr)")
    }

    @Test func aStartThatCannotSucceedLeavesNothingBehind() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let r = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())"], in: empty)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Workflows:1:1: error: no such file or folder"))
        #expect(!r.stderr.contains("keeping the last good set"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
    }

    /// A 70 MB file is refused by its size, without being read (it is sparse: reading it would
    /// still cost the time and memory the check saves).
    @Test func aHugeFileIsRefusedBeforeItIsRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("huge.yaml")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 70 << 20)
        try handle.close()
        let r = try CLIProcess.run(["validate", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("huge.yaml:1:1: error: file is 73400320 bytes; the limit is 67108864 bytes"))
    }

    @Test func testHelpNamesRealFilesAndAMissingFileIsNamed() throws {
        let help = try CLIProcess.run(["test", "--help"])
        let named = help.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.hasSuffix(".yaml") }
        #expect(!named.isEmpty)
        for file in named {
            #expect(FileManager.default.fileExists(atPath: CLIProcess.repository.appendingPathComponent(String(file)).path), "\(file)")
        }
        let missing = try CLIProcess.run(["test", "Workflows/scenarios/nope.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Workflows/scenarios/nope.yaml: no such file or folder"))
    }
}
