import Foundation
import Synchronization
import Testing

/// Commands per second through real daemons over HTTP: one daemon on SQLite, one and two on
/// PostgreSQL, measured in one run. A measurement, not a check: it prints and asserts nothing
/// about speed. Opt in with `CASEFLOW_MEASURE=1` (and `CASEFLOW_TEST_POSTGRES`).
@Suite(.serialized, .enabled(if: TestDatabase.url != nil && ProcessInfo.processInfo.environment["CASEFLOW_MEASURE"] != nil,
                             "a measurement: set CASEFLOW_MEASURE=1 and CASEFLOW_TEST_POSTGRES to run it"))
struct ThroughputTests {
    static let clients = Int(ProcessInfo.processInfo.environment["CASEFLOW_MEASURE_CLIENTS"] ?? "") ?? 32
    static let seconds = Double(ProcessInfo.processInfo.environment["CASEFLOW_MEASURE_SECONDS"] ?? "") ?? 5
    static let rounds = Int(ProcessInfo.processInfo.environment["CASEFLOW_MEASURE_ROUNDS"] ?? "") ?? 3

    @Test func commandsPerSecondWithOneAndTwoDaemons() async throws {
        var figures: [String: [Double]] = [:]
        for round in 1...Self.rounds {
            for config in ["sqlite, 1 daemon", "postgres, 1 daemon", "postgres, 2 daemons"] {
                let setup = try ClusterSetup()
                let db = config.hasPrefix("sqlite") ? setup.directory.appendingPathComponent("cases.sqlite").path
                    : try await TestDatabase.fresh()
                var daemons: [Daemon] = []
                for i in 0..<(config.hasSuffix("2 daemons") ? 2 : 1) { daemons.append(try await Daemon(db: db, in: setup, name: "d\(i)")) }
                defer { for d in daemons { d.stop() } }
                let rate = try await Self.load(daemons)
                figures[config, default: []].append(rate)
                print("throughput round \(round): \(config): \(Int(rate)) commands/s (\(Self.clients) clients, \(Self.seconds) s)")
            }
        }
        for (config, rates) in figures.sorted(by: { $0.key < $1.key }) {
            let sorted = rates.sorted()
            print("throughput median of \(rates.count): \(config): \(Int(sorted[sorted.count / 2])) commands/s  (runs: \(rates.map { Int($0) }))")
        }
    }

    /// Opens one case per client (each case stays with one daemon, as a load balancer with case
    /// affinity sends it), then each client changes its case's data as fast as it is answered.
    static func load(_ daemons: [Daemon]) async throws -> Double {
        var cases: [(Daemon, String)] = []
        for i in 0..<clients {
            let d = daemons[i % daemons.count]
            let (status, json) = try await d.send("POST", "/v1/cases", ["workflow": "ticket", "data": ["note": "start"]])
            guard status == 201, let id = json?["id"] as? String else { throw DaemonError("open failed: \(status)") }
            cases.append((d, id))
        }
        let acknowledged = Counter()
        let start = Date()
        let end = start.addingTimeInterval(seconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (daemon, id) in cases {
                group.addTask {
                    var n = 0
                    while Date() < end {
                        n += 1
                        let (status, _) = try await daemon.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "n\(n)"]])
                        if status == 200 { acknowledged.value.add(1, ordering: .relaxed) }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(acknowledged.value.load(ordering: .relaxed)) / Date().timeIntervalSince(start)
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
