import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Foundation
import Logging
import Synchronization

/// `timers`: N open cases with running SLA clocks in one daemon: its memory, the time from start
/// to ready over that store, and how late timers fire. The store is filled directly (group
/// commit), then `caseflow serve` starts over it; probe cases sit in the 30-day `wait` stage with
/// their wake-up spread over the run, and their snapshots are polled to see when each fired.
struct TimersBench {
    let settings: BenchSettings

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    init(_ settings: BenchSettings) { self.settings = settings }

    static func wallNow() -> Instant { Instant(millis: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }

    func run() async throws -> BenchResult {
        let definitions = try LoadedDefinitions.load(settings.definitionPaths)
        let script = try SalesScript(definitions: definitions)
        let engine = Engine(catalog: definitions.catalog)
        let dir = try BenchSystem.temporaryDirectory("timers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = settings.db ?? dir + "/bench.sqlite"
        let n = settings.cases ?? 20_000
        let probes = min(200, max(10, n / 100))
        let waitMillis: Int64 = script.steps.reduce(0) { if case .wait(let ms) = $1 { return $0 + ms } else { return $0 } }
        guard waitMillis > 0 else { throw SalesScript.Missing(description: "the sales script has no wait stage") }

        // 1. Fill the store: N cases just opened (stage and case SLA clocks running).
        let fillStart = BenchSystem.now()
        do {
            let store = try await StoreOpener.open(db, logger: Logger(label: "caseflow.bench"))
            let opened = Counter()
            let openedAt = Self.wallNow()
            let workers = 64
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<workers {
                    group.addTask {
                        var i = w
                        while i < n {
                            guard case .success(let o) = engine.open(caseID: "open-\(i)", workflow: script.workflow.id, data: script.openData,
                                                                      by: script.opener, at: openedAt) else {
                                throw SalesScript.Missing(description: "open refused")
                            }
                            try await store.commit(try CaseWrite(outcome: o, engine: engine, expectedVersion: 0, at: openedAt))
                            let done = opened.value.add(1, ordering: .relaxed).newValue
                            if done % 1000 == 0 { BenchSystem.progress("timers: \(done)/\(n) open cases stored") }
                            i += workers
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let fillSeconds = BenchSystem.seconds(since: fillStart)

        // 2. Probe cases whose `wait` ends during the run, spread over --duration, starting 2 s after the daemon is launched.
        let firstDue = Self.wallNow() + 4_000
        let spread = Int64(settings.duration * 1000)
        var targets: [(id: String, due: Instant, version: Int)] = []
        do {
            let store = try await StoreOpener.open(db, logger: Logger(label: "caseflow.bench"))
            for p in 0..<probes {
                let due = firstDue + spread * Int64(p) / Int64(probes)
                let at = due + (-waitMillis)
                guard case .success(var outcome) = engine.open(caseID: "probe-\(p)", workflow: script.workflow.id, data: script.openData,
                                                               by: script.opener, at: at) else {
                    throw SalesScript.Missing(description: "probe open refused")
                }
                var events = outcome.events
                for case .command(let actor, let command, _) in script.stepsBeforeWait {
                    guard case .success(let o) = engine.handle(command, on: outcome.state, by: actor, at: at) else {
                        throw SalesScript.Missing(description: "probe command refused")
                    }
                    outcome = o
                    events += o.events
                }
                outcome.events = events
                guard engine.nextDue(outcome.state) == due else {
                    throw SalesScript.Missing(description: "probe \(p) is not due at the end of its wait")
                }
                try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: at))
                targets.append(("probe-\(p)", due, outcome.state.sequence))
            }
        }

        // 3. Start the daemon over the filled store: start (restart) to ready.
        let tokens = try DaemonProcess.issueTokens(script.people, into: dir + "/tokens")
        _ = tokens
        let launch = BenchSystem.now()
        let daemon = try DaemonProcess(db: db, tokens: dir + "/tokens", settings: settings, logFile: dir + "/daemon.log")
        defer { daemon.stop() }
        BenchSystem.progress("timers: daemon starting over \(n + probes) open cases")
        let ready = try daemon.waitUntilReady(since: launch)
        let rssReady = BenchSystem.currentRSS(pid: daemon.pid)

        // 4. Watch the probes fire.
        let reader: any CaseStore = db.hasPrefix("postgres://") || db.hasPrefix("postgresql://")
            ? try await StoreOpener.open(db, logger: Logger(label: "caseflow.bench")) : try SQLiteStore(readingOnly: db)
        var lateness = LatencyRecorder()
        var pending = targets
        let deadline = BenchSystem.now() + UInt64((settings.duration + 15) * 1e9)
        while !pending.isEmpty, BenchSystem.now() < deadline {
            let now = Self.wallNow()
            var still: [(id: String, due: Instant, version: Int)] = []
            for t in pending {
                if t.due > now { still.append(t); continue }
                if let s = try await reader.snapshot(caseID: t.id), s.version > t.version {
                    lateness.record(UInt64(max(0, Self.wallNow() - t.due)) * 1_000_000)
                } else {
                    still.append(t)
                }
            }
            pending = still
            BenchSystem.progress("timers: \(targets.count - pending.count)/\(targets.count) probe timers fired")
            try await Task.sleep(for: .milliseconds(10))
        }
        let peak = BenchSystem.peakRSS(pid: daemon.pid)
        let rssEnd = BenchSystem.currentRSS(pid: daemon.pid)
        daemon.stop()

        var result = BenchResult(scenario: "timers", seconds: BenchSystem.seconds(since: launch))
        result.add("open cases with running clocks", Double(n + probes), "", target: "1,000,000")
        result.add("daemon restart to ready", ready, "s", target: "≤ 10 s")
        result.add("daemon RSS when ready", Double(rssReady) / 1_048_576, "MiB", target: "≤ 2 GB at 1M cases")
        result.add("daemon RSS at the end", Double(rssEnd) / 1_048_576, "MiB")
        result.add("daemon peak memory (VmHWM)", Double(peak) / 1_048_576, "MiB")
        result.add("probe timers fired", Double(targets.count - pending.count), "of \(targets.count)")
        if let l = lateness.summary(of: "timer lateness") { result.add("timer lateness p99", l.p99Micros / 1e6, "s", target: "≤ 1 s") }
        result.add("store filled at", Double(n) / fillSeconds, "cases/s")
        result.latency = lateness.summary(of: "timer fired late by (10 ms polling)")
        result.notes.append("cases live in SQLite; the daemon keeps the timer index there (dueCases) and loads a case only to fire it")
        if !pending.isEmpty { result.notes.append("\(pending.count) probe timers had not fired by the end") }
        return result
    }
}
