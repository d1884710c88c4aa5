import Foundation
import Synchronization

/// `http`: commands/s through a real daemon (`caseflow serve` as a child process on a temporary
/// SQLite database) on loopback, N concurrent clients each driving whole sales cases; every
/// answer comes only once the command is durable.
struct HTTPBench {
    let settings: BenchSettings

    init(_ settings: BenchSettings) { self.settings = settings }

    private final class Totals: Sendable {
        struct Counts {
            var commands = 0, errors = 0, cases = 0
            var firstError: String?
            var recorder = LatencyRecorder()
        }
        let counts = Mutex(Counts())
    }

    func run() async throws -> BenchResult {
        let definitions = try LoadedDefinitions.load(settings.definitionPaths)
        let script = try SalesScript(definitions: definitions)
        let dir = try BenchSystem.temporaryDirectory("http")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = settings.db ?? dir + "/bench.sqlite"
        let tokens = try DaemonProcess.issueTokens(script.people, into: dir + "/tokens")
        let daemon = try DaemonProcess(db: db, tokens: dir + "/tokens", settings: settings, logFile: dir + "/daemon.log")
        defer { daemon.stop() }
        BenchSystem.progress("http: starting the daemon")
        let ready = try daemon.waitUntilReady(since: BenchSystem.now())
        let steps = script.stepsBeforeWait
        let totals = Totals()
        let limit = settings.durationNanos
        let clients = settings.clients
        let start = BenchSystem.now()
        let cpuAtStart = (daemon: BenchSystem.processCPU(pid: daemon.pid), clients: BenchSystem.processCPU())
        let done = DispatchGroup()
        let (host, port) = (daemon.host, daemon.port)
        for _ in 0..<clients {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let client = BenchHTTPClient(host: host, port: port)
                var local = LatencyRecorder()
                var commands = 0, errors = 0, cases = 0
                var firstError: String?
                func timed(_ method: String, _ path: String, _ token: String?, _ body: String) -> (Int, String)? {
                    let t0 = BenchSystem.now()
                    do {
                        let r = try client.request(method, path, token: token, body: body)
                        local.record(BenchSystem.now() &- t0)
                        commands += 1
                        if !(200..<300).contains(r.status) {
                            errors += 1
                            if firstError == nil { firstError = "\(r.status) \(path): \(r.body.prefix(300))" }
                            return nil
                        }
                        return (r.status, r.body)
                    } catch {
                        errors += 1
                        if firstError == nil { firstError = "\(path): \(error)" }
                        return nil
                    }
                }
                caseLoop: while BenchSystem.now() &- start < limit {
                    guard let (_, body) = timed("POST", "/v1/cases", tokens[script.opener], script.openBody),
                          let id = BenchHTTPClient.jsonString("id", in: body) else { continue }
                    // Commands that move the case on name the stage they are meant for, as any client must.
                    var stage = BenchHTTPClient.jsonString("stage", in: body)
                    for step in steps {
                        guard case .command(let actor, _, let call) = step else { continue }
                        guard BenchSystem.now() &- start < limit else { break caseLoop }
                        var callBody = call.body
                        if ["complete", "approve", "reject"].contains(call.action), let s = stage {
                            callBody = "{\"stage\":\"\(s)\"" + (call.body == "{}" ? "}" : "," + call.body.dropFirst())
                        }
                        guard let (_, answer) = timed("POST", "/v1/cases/\(id)/\(call.action)", tokens[actor], callBody) else {
                            continue caseLoop
                        }
                        stage = BenchHTTPClient.jsonString("stage", in: answer)
                    }
                    cases += 1
                }
                client.close()
                totals.counts.withLock {
                    $0.recorder.merge(local)
                    $0.commands += commands
                    $0.errors += errors
                    $0.cases += cases
                    if $0.firstError == nil { $0.firstError = firstError }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        var daemonPeak = 0
        while done.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            daemonPeak = max(daemonPeak, BenchSystem.peakRSS(pid: daemon.pid))
            BenchSystem.progress("http: \(clients) clients, \(Int(BenchSystem.seconds(since: start))) s")
        }
        let seconds = BenchSystem.seconds(since: start)
        daemonPeak = max(daemonPeak, BenchSystem.peakRSS(pid: daemon.pid))
        let cpuAtEnd = (daemon: BenchSystem.processCPU(pid: daemon.pid), clients: BenchSystem.processCPU())
        daemon.stop()
        let c = totals.counts.withLock { $0 }
        var result = BenchResult(scenario: "http", seconds: seconds)
        result.add("commands/s over HTTP (durable)", Double(c.commands) / seconds, "commands/s", target: "≥ 5,000")
        result.add("cases driven to delivery per second", Double(c.cases) / seconds, "cases/s")
        result.add("concurrent clients", Double(clients), "")
        result.add("errors (non-2xx or failed)", Double(c.errors), "")
        result.add("daemon start to ready (empty db)", ready, "s")
        result.add("daemon peak memory (VmHWM)", Double(daemonPeak) / 1_048_576, "MiB")
        // CPU the daemon spent per command (its own process, whatever the disk does), and the
        // cores the daemon and the clients used: they share the machine.
        if let a = cpuAtStart.daemon, let b = cpuAtEnd.daemon, c.commands > 0 {
            result.add("daemon CPU per command", (b - a) / Double(c.commands) * 1e6, "µs")
            result.add("daemon CPU (cores used)", (b - a) / seconds, "cores")
        }
        if let a = cpuAtStart.clients, let b = cpuAtEnd.clients {
            result.add("bench clients' CPU (cores used)", (b - a) / seconds, "cores")
        }
        BenchSystem.addDiskSyncs(to: &result, db: settings.db, folder: dir)
        result.latency = c.recorder.summary(of: "request (p99 target ≤ 50 ms)")
        result.notes.append("each case: open, then the \(steps.count) commands up to the 30-day wait, each as its own person")
        if let e = c.firstError { result.notes.append("first error: \(e)") }
        return result
    }
}
