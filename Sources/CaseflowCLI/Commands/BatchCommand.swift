import ArgumentParser
import CaseflowRules
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `caseflow batch`: a bulk action through the running daemon (`POST /v1/admin/batches`).
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Act on every case a filter finds: assign, cancel, move or set data (admin).",
        discussion: """
            Runs through the daemon, as the admin whose token is in CASEFLOW_TOKEN: each case gets \
            the command as if sent on its own (checked, recorded in its history), in the background, \
            and a batch interrupted by a restart goes on where it was without acting twice on a case. \
            Try the filter with --dry-run first: it says how many cases it finds and shows a few.

            Examples:
              caseflow batch --filter workflow=service-sales --filter assignee=alice --assign carl --dry-run
              caseflow batch --filter workflow=service-sales --filter 'where=channel == "exhibition"' --cancel "campaign over"
              caseflow batch --filter stage=proposal --move needs_survey --reason "survey redone"
            """
    )

    @Option(help: ArgumentHelp("A filter as GET /v1/cases takes it: workflow=, stage=, assignee=, where=… (repeatable).",
                               valueName: "key=value"))
    var filter: [String] = []
    @Option(help: ArgumentHelp("Hand each case's stage to this person.", valueName: "person")) var assign: String?
    @Option(help: ArgumentHelp("Cancel each case, with this reason.", valueName: "reason")) var cancel: String?
    @Option(help: ArgumentHelp("Move each case to this stage (needs --reason).", valueName: "stage")) var move: String?
    @Option(help: ArgumentHelp("Move each case to this version of its workflow (the filter gives workflow= and version=).",
                               valueName: "version")) var migrate: Int?
    @Option(help: ArgumentHelp("With --migrate: a stage of the old version → one of the new (repeatable).", valueName: "old=new"))
    var map: [String] = []
    @Option(help: "Why the cases are moved (recorded in each history).") var reason: String?
    @Option(help: ArgumentHelp("Set a field: FIELD=JSON (repeatable), e.g. priority='\"high\"'; with --migrate, data the new version needs.", valueName: "field=json"))
    var set: [String] = []
    @Flag(help: "Only count and show the cases the filter finds.") var dryRun = false
    @Flag(help: "Start the batch and return without waiting for it.") var noWait = false
    @Option(help: "The daemon.") var url = "http://127.0.0.1:8080"

    func validate() throws {
        // --set is an action of its own, or with --migrate the data the new version needs.
        let actions = [assign != nil, cancel != nil, move != nil, !set.isEmpty && migrate == nil, migrate != nil].filter { $0 }.count
        guard actions == 1 else { throw ValidationError("give one action: --assign, --cancel, --move, --set or --migrate (with its --set)") }
        _ = try setData()
        guard let u = URL(string: url), ["http", "https"].contains(u.scheme ?? ""), u.host != nil else {
            throw ValidationError("--url \(url) is not the daemon's address (http://HOST:PORT)")
        }
        for m in map where m.split(separator: "=").count != 2 { throw ValidationError("--map \(m) is not OLD=NEW") }
        if !map.isEmpty, migrate == nil { throw ValidationError("--map maps stages for --migrate; the other actions take no map") }
        if migrate != nil, !(filter.contains { $0.hasPrefix("workflow=") } && filter.contains { $0.hasPrefix("version=") }) {
            throw ValidationError("--migrate needs --filter workflow=ID and --filter version=N: the version the cases are on")
        }
        if move != nil, reason == nil { throw ValidationError("--move needs --reason (it is recorded in each case's history)") }
        guard !filter.isEmpty else { throw ValidationError("give at least one --filter: a batch never acts on every case by default") }
        for f in filter {
            let kv = f.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else { throw ValidationError("--filter \(f) is not KEY=VALUE") }
        }
        // A key given twice would keep only its last value, and act on other cases than written.
        var keys: Set<Substring> = []
        for f in filter {
            let key = f.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard keys.insert(key).inserted else {
                throw ValidationError("--filter \(key)= is given more than once; each key takes one value (run one batch per value)")
            }
        }
    }

    /// The --set values, each FIELD=JSON.
    private func setData() throws -> [(String, Value)] {
        try set.map { s in
            let kv = s.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, case .success(let v) = JSONParser.parse(String(kv[1]), strict: true) else {
                throw ValidationError("--set \(s) is not FIELD=JSON (text needs quotes: priority='\"high\"')")
            }
            return (String(kv[0]), v)
        }
    }

    func run() async throws {
        guard let token = ProcessInfo.processInfo.environment["CASEFLOW_TOKEN"], !token.isEmpty else {
            Terminal.error("set CASEFLOW_TOKEN to an admin's token (caseflow token issue ADMIN)")
            throw ExitCode(1)
        }
        var filters: [(String, Value)] = []
        for f in filter {
            let kv = f.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            filters.append((String(kv[0]), .string(String(kv[1]))))
        }
        let action: (String, Value)
        if let assign { action = ("assign", .stringMap([("to", .string(assign))])) }
        else if let cancel { action = ("cancel", .stringMap([("reason", .string(cancel))])) }
        else if let move { action = ("move", .stringMap([("to", .string(move)), ("reason", .string(reason ?? ""))])) }
        else if let migrate {
            var args: [(String, Value)] = [("to", .int(Int64(migrate)))]
            if !map.isEmpty {
                args.append(("map", .stringMap(map.map { m in
                    let kv = m.split(separator: "=", maxSplits: 1)
                    return (String(kv[0]), .string(String(kv[1])))
                })))
            }
            if !set.isEmpty { args.append(("set", .stringMap(try setData()))) }
            if let reason { args.append(("reason", .string(reason))) }
            action = ("migrate", .stringMap(args))
        }
        else {
            action = ("set", .stringMap([("data", .stringMap(try setData()))]))
        }
        let body = JSONPrinter.print(.stringMap([("filter", .stringMap(filters)), ("action", .stringMap([action])),
                                                 ("dry_run", .bool(dryRun))]))
        let (status, answer) = try await call("POST", "/v1/admin/batches", body: body, token: token)
        guard status < 300 else { throw failure(status, answer) }
        if dryRun {
            let count = answer["count"] as? Int ?? 0
            print("\(count)\((answer["complete"] as? Bool) == false ? "+" : "") case\(count == 1 ? "" : "s") match")
            for id in answer["sample"] as? [String] ?? [] { print("  \(id)") }
            return
        }
        guard let id = (answer["batch"] as? [String: Any])?["id"] as? String else { throw failure(status, answer) }
        Terminal.status("batch \(id) started")
        if noWait {
            print(id)
            return
        }
        while true {
            let (s, progress) = try await call("GET", "/v1/admin/batches/\(id)?limit=1000", body: nil, token: token)
            guard s < 300, let b = progress["batch"] as? [String: Any] else { throw failure(s, progress) }
            let done = b["done"] as? Int ?? 0, refused = b["refused"] as? Int ?? 0
            if b["status"] as? String == "done" {
                print("batch \(id): \(done) done, \(refused) refused")
                // Every refusal, page after page of the results.
                var page = progress
                while true {
                    for r in page["results"] as? [[String: Any]] ?? [] where r["outcome"] as? String == "refused" {
                        print("  \(r["case"] as? String ?? "")\trefused\t\(r["message"] as? String ?? "")")
                    }
                    guard let next = page["next"] as? String else { break }
                    let (s, more) = try await call("GET", "/v1/admin/batches/\(id)?limit=1000&after=\(next)", body: nil, token: token)
                    guard s < 300 else { throw failure(s, more) }
                    page = more
                }
                // Cases refused: the batch did not do all it was asked.
                if refused > 0 { throw ExitCode(1) }
                return
            }
            Terminal.status("batch \(id): \(done) done, \(refused) refused so far")
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    private func call(_ method: String, _ path: String, body: String?, token: String) async throws -> (Int, [String: Any]) {
        guard let u = URL(string: url + path) else { throw ValidationError("--url \(url) is not a URL") }
        var request = URLRequest(url: u)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        } catch {
            Terminal.error("cannot reach the daemon at \(url): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }

    private func failure(_ status: Int, _ answer: [String: Any]) -> ExitCode {
        let message = (answer["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(status)"
        Terminal.error(message)
        return ExitCode(1)
    }
}
