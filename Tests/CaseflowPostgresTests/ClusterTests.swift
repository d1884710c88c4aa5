import Foundation
import Synchronization
import Testing

/// Two real daemons on one PostgreSQL database, one killed with SIGKILL mid-way.
@Suite(.serialized, .enabled(if: TestDatabase.url != nil,
                             "CASEFLOW_TEST_POSTGRES is not set: run .ci/run, or point it at a server where the user may create databases"))
struct ClusterTests {
    /// An acknowledged command: the case and the note it wrote.
    struct Acked: Sendable { let caseID: String; let note: String }

    @Test func twoDaemonsOneKilledNothingAcknowledgedLostEachTimerFiredOnce() async throws {
        let setup = try ClusterSetup()
        // A dead daemon's claims on due timers pass to the survivor after 2 s.
        let db = try await TestDatabase.fresh(options: ["claim_timeout": "2", "pool": "4"])
        let a = try await Daemon(db: db, in: setup, name: "a")
        let b = try await Daemon(db: db, in: setup, name: "b")
        defer { a.stop(); b.stop() }
        let daemons = [a, b]

        // Cases opened through both daemons; each has an SLA of 3 s and three escalation levels.
        var caseIDs: [String] = []
        for i in 0..<24 {
            let (status, json) = try await daemons[i % 2].send("POST", "/v1/cases", ["workflow": "ticket", "data": [:] as [String: Any]])
            #expect(status == 201)
            caseIDs.append(try #require(json?["id"] as? String))
        }

        // Commands through both daemons until a is killed, then through b only.
        let progress = Progress()
        let ids = caseIDs
        let workers = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<workers {
                group.addTask {
                    let end = Date().addingTimeInterval(4)
                    var n = 0
                    while Date() < end {
                        let caseID = ids[(w + n * workers) % ids.count]
                        let note = "w\(w)-n\(n)"
                        let target = progress.killed.load(ordering: .acquiring) || n % 2 == 1 ? b : a
                        n += 1
                        guard let (status, _) = try? await target.send("POST", "/v1/cases/\(caseID)/data", ["data": ["note": note]]) else {
                            continue  // a died with the request: not acknowledged
                        }
                        if status == 200 { progress.acked.withLock { $0.append(Acked(caseID: caseID, note: note)) } }
                        // 409: the daemon's copy of the case was older than the database's; nothing was written.
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(1500))
                a.kill()
                progress.killed.store(true, ordering: .releasing)
            }
            try await group.waitForAll()
        }
        let acknowledged = progress.acked.withLock { $0 }
        #expect(acknowledged.count > 50)
        print("cluster: \(caseIDs.count) cases, \(acknowledged.count) commands acknowledged, daemon a killed after 1.5 s")

        // Every timer fires on the survivor, a's claims included, once they expire.
        let deadline = Date().addingTimeInterval(40)
        var raised: [String: Int] = [:]
        repeat {
            raised = [:]
            for id in caseIDs { raised[id] = try await Self.events(of: id, on: b).filter { $0.type == "escalation_raised" }.count }
            if raised.values.allSatisfy({ $0 >= ClusterSetup.escalationLevels }) { break }
            try await Task.sleep(for: .milliseconds(500))
        } while Date() < deadline
        try await Task.sleep(for: .seconds(1))  // time for a second firing, were there one

        for id in caseIDs {
            let events = try await Self.events(of: id, on: b)
            let escalations = events.filter { $0.type == "escalation_raised" }
            #expect(escalations.count == ClusterSetup.escalationLevels, "case \(id): \(escalations.count) escalations")
            #expect(Set(escalations.map(\.level)).count == escalations.count, "case \(id): a level fired twice")
            let notes = Set(events.compactMap(\.note))
            for ack in acknowledged where ack.caseID == id {
                #expect(notes.contains(ack.note), "case \(id): acknowledged note \(ack.note) is missing")
            }
            let (status, verify) = try await b.send("GET", "/v1/cases/\(id)/verify")
            #expect(status == 200 && verify?["intact"] as? Bool == true, "case \(id): \(verify ?? [:])")
            let (caseStatus, snapshot) = try await b.send("GET", "/v1/cases/\(id)")
            #expect(caseStatus == 200 && snapshot?["version"] as? Int == events.count, "case \(id): the survivor shows an old version")
        }
    }

    final class Progress: Sendable {
        let acked = Mutex<[Acked]>([])
        let killed = Atomic<Bool>(false)
    }

    struct Event { let type: String; let level: Int?; let note: String? }

    static func events(of id: String, on daemon: Daemon) async throws -> [Event] {
        let (status, json) = try await daemon.send("GET", "/v1/cases/\(id)/history")
        guard status == 200, let items = json?["events"] as? [[String: Any]] else { throw DaemonError("history of \(id): \(status)") }
        return items.compactMap { item in
            guard let event = item["event"] as? [String: Any], let type = event["type"] as? String else { return nil }
            let data = event["data"] as? [String: Any]
            let changes = data?["changes"] as? [[String: Any]] ?? []
            let note = changes.first { $0["field"] as? String == "note" }?["value"] as? String
            return Event(type: type, level: data?["level"] as? Int, note: note)
        }
    }
}
