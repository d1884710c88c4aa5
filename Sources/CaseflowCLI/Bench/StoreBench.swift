import CaseflowEngine
import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import Logging
import Synchronization

/// `store`: durable events/s through the store (SQLite, synchronous=FULL) with many concurrent
/// committers, each writing whole sales cases command by command: group commit at work.
struct StoreBench {
    let settings: BenchSettings

    private final class Totals: Sendable {
        struct Counts { var commits = 0, events = 0, cases = 0 }
        let counts = Mutex(Counts())
    }

    init(_ settings: BenchSettings) { self.settings = settings }

    func run() async throws -> BenchResult {
        let definitions = try LoadedDefinitions.load(settings.definitionPaths)
        let script = try SalesScript(definitions: definitions)
        let engine = Engine(catalog: definitions.catalog)
        let dir = try BenchSystem.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let location = settings.db ?? dir + "/bench.sqlite"
        let store = try await StoreOpener.open(location, logger: Logger(label: "caseflow.bench"))
        let totals = Totals()
        let limit = settings.durationNanos
        let start = BenchSystem.now()
        let committers = settings.clients
        let progress = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let t = totals.counts.withLock { $0 }
                let s = BenchSystem.seconds(since: start)
                BenchSystem.progress("store: \(committers) committers, \(Int(Double(t.events) / s)) events/s, \(Int(Double(t.commits) / s)) commits/s")
            }
        }
        let recorder = try await withThrowingTaskGroup(of: LatencyRecorder.self) { group in
            for _ in 0..<committers {
                group.addTask {
                    var recorder = LatencyRecorder()
                    while BenchSystem.now() &- start < limit {
                        // Ids as the daemon gives them (`CaseIDs`): they decide which index pages a write changes.
                        let id = CaseIDs.make(at: WallClock.now())
                        guard case .success(var outcome) = engine.open(caseID: id, workflow: script.workflow.id, data: script.openData,
                                                                        by: script.opener, at: script.start) else {
                            throw SalesScript.Missing(description: "open refused")
                        }
                        var version = 0
                        var now = script.start
                        var steps = script.steps.makeIterator()
                        while true {
                            let write = try CaseWrite(outcome: outcome, engine: engine, expectedVersion: version, at: now)
                            let t0 = BenchSystem.now()
                            try await store.commit(write)
                            recorder.record(BenchSystem.now() &- t0)
                            totals.counts.withLock { $0.commits += 1; $0.events += outcome.events.count }
                            version = outcome.state.sequence
                            guard BenchSystem.now() &- start < limit, let step = steps.next() else { break }
                            switch step {
                            case .command(let actor, let command, _):
                                guard case .success(let o) = engine.handle(command, on: outcome.state, by: actor, at: now) else {
                                    throw SalesScript.Missing(description: "command refused")
                                }
                                outcome = o
                            case .wait(let ms):
                                now = Instant(millis: now.millis + ms)
                                outcome = engine.advance(outcome.state, to: now)
                            }
                        }
                        totals.counts.withLock { $0.cases += 1 }
                    }
                    return recorder
                }
            }
            var all = LatencyRecorder()
            for try await r in group { all.merge(r) }
            return all
        }
        progress.cancel()
        let seconds = BenchSystem.seconds(since: start)
        let t = totals.counts.withLock { $0 }
        var result = BenchResult(scenario: "store", seconds: seconds)
        result.add("durable events/s", Double(t.events) / seconds, "events/s", target: "≥ 50,000 (group commit)")
        result.add("durable commands/s (one write each)", Double(t.commits) / seconds, "commits/s")
        result.add("events per command", Double(t.events) / Double(max(t.commits, 1)), "")
        result.add("whole cases/s durable", Double(t.cases) / seconds, "cases/s")
        // Every transaction since the store opened (the latest batch sizes alone are a bounded list).
        let committed = store.commitTotals
        result.add("transactions (fsyncs)/s", Double(committed.transactions) / seconds, "tx/s")
        result.add("writes per transaction (mean)", Double(committed.writes) / Double(max(committed.transactions, 1)), "")
        if committed.writerCPUSeconds > 0 {
            // The single writer's own CPU per write: what bounds the store when the disk does not,
            // and a figure a busy neighbour or a slow fsync disturbs far less than the rate.
            result.add("writer CPU per write", committed.writerCPUSeconds / Double(max(committed.writes, 1)) * 1e6, "µs")
            result.add("writer busy (CPU share of the run)", committed.writerCPUSeconds / seconds * 100, "%")
        }
        result.add("concurrent committers", Double(committers), "")
        BenchSystem.addDiskSyncs(to: &result, db: settings.db, folder: dir)
        result.latency = recorder.summary(of: "commit (until durable)")
        result.notes.append("store \(settings.db == nil ? "temporary SQLite file" : location), WAL, synchronous=FULL; "
                            + "each write: the command's events, hash chain, case snapshot, timer index")
        return result
    }
}
