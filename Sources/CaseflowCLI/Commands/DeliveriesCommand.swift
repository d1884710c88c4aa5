import ArgumentParser
import CaseflowModel
import CaseflowStore
import Foundation
import Logging

/// `caseflow deliveries [--state S] [--retry ID | --retry-failed] [--db]`: the outbox.
struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "List the outbox's webhook and email deliveries, or send failed ones again.",
        discussion: """
            Every escalation's webhook and email deliveries are written to the outbox with its \
            events, then sent by the daemon with retries; after --delivery-attempts attempts or \
            --delivery-max-age hours one is marked failed. This lists them, newest first, and sends \
            failed (or delivered) ones again: a running daemon picks them up within a second.

            Examples:
              caseflow deliveries --state failed
              caseflow deliveries --retry 42
              caseflow deliveries --retry-failed --db /var/lib/caseflow/cases.sqlite
            """
    )

    @Option(help: "Only deliveries in this state: pending, failed or delivered.")
    var state: String?

    @Option(help: ArgumentHelp("Send this delivery again (by its id).", valueName: "id"))
    var retry: Int64?

    @Flag(help: "Send every failed delivery again.")
    var retryFailed = false

    @Option(help: "How many to list.")
    var limit = 50

    @Option(help: ArgumentHelp("List those older than this id (the `next` a previous page printed).", valueName: "id"))
    var before: Int64?

    @Option(help: "The database file (or postgres:// URL).")
    var db = "caseflow.sqlite"

    func validate() throws {
        if let state, DeliveryState(rawValue: state) == nil {
            throw ValidationError("--state is pending, failed or delivered, not '\(state)'")
        }
        if retry != nil && retryFailed { throw ValidationError("give --retry ID or --retry-failed, not both") }
        if state != nil && (retry != nil || retryFailed) {
            throw ValidationError("--state lists deliveries and --retry/--retry-failed send them again: give one or the other "
                                  + "(--retry-failed sends every failed one)")
        }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000") }
    }

    func run() async throws {
        let now = WallClock.now()
        do {
            if retry != nil || retryFailed {
                var logger = Logger(label: "caseflow")
                logger.logLevel = .error
                let store = try await StoreOpener.open(db, logger: logger)
                if let id = retry {
                    guard let d = try await store.delivery(id: id) else {
                        Terminal.error("no delivery \(id) in \(db)")
                        throw ExitCode(1)
                    }
                    guard d.state != .pending else {
                        Terminal.error("delivery \(id) is already pending (attempt \(d.attempts)); the daemon sends it without a retry")
                        throw ExitCode(1)
                    }
                    _ = try await store.retryDeliveries(.one(id), at: now)
                    print("delivery \(id) (\(d.channel) to \(d.receiver), \(d.message)) will be sent again")
                } else {
                    let n = try await store.retryDeliveries(.allFailed, at: now)
                    print(n == 0 ? "no failed deliveries" : "\(n) failed deliver\(n == 1 ? "y" : "ies") will be sent again")
                }
                return
            }
            let store = try await StoreOpener.openForReading(db)
            let stats = try await store.deliveryStats()
            var summary = "\(stats.pending) pending, \(stats.delivered) delivered, \(stats.failed) failed"
            if let oldest = stats.oldestPending {
                summary += "; oldest pending written \(InstantText.format(oldest))"
            }
            Terminal.status(summary)
            let page = try await store.deliveries(state: state.flatMap(DeliveryState.init(rawValue:)), before: before, limit: limit)
            if !page.isEmpty { print(["ID", "STATE", "ATTEMPTS", "CHANNEL", "RECEIVER", "MESSAGE", "WRITTEN", "LAST ERROR"].joined(separator: "\t")) }
            for d in page {
                // A receiver's answer is quoted in the last error: its control characters (a body that
                // clears the screen) are printed as escapes, as history prints reasons.
                print([String(d.id), d.state.rawValue, String(d.attempts), d.channel, d.receiver, d.message,
                       InstantText.format(d.createdAt), d.lastError ?? "-"].map(HistoryFormatter.printable).joined(separator: "\t"))
            }
            if page.count == limit, let last = page.last {
                // The same listing's next page: its filters kept.
                var next = ["caseflow deliveries"]
                if let state { next.append("--state \(state)") }
                if limit != 50 { next.append("--limit \(limit)") }
                if db != "caseflow.sqlite" { next.append("--db \(db)") }
                Terminal.status("more: " + (next + ["--before \(last.id)"]).joined(separator: " "))
            }
        } catch let e as StoreError {
            Terminal.error(e.description.contains("no such table") ? "\(db) has no outbox yet: start the daemon on it once to upgrade it"
                           : e.description)
            throw ExitCode(1)
        }
    }
}
