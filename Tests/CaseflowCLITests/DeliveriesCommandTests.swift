import CaseflowModel
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow deliveries` as an operator reads it: a receiver's answer (quoted in the last error)
/// cannot drive the terminal, the next page keeps the listing's filters, and `--state` with a
/// retry is refused rather than ignored.
@Suite struct DeliveriesCommandTests {
    @Test func aReceiversAnswerCannotDriveTheTerminalAndPagesKeepTheirFilters() async throws {
        let dir = try Scratch.folder("caseflow-deliveries")
        let db = dir.appendingPathComponent("cases.sqlite").path
        let store = try SQLiteStore(path: db)
        let now = Instant(millis: 1_772_413_200_000)
        try await store.enqueue((1...3).map { NewDelivery(message: "c-\($0)/1", caseID: "c-\($0)", channel: "webhook", receiver: "crm",
                                                           payload: "{}") }, at: now)
        let claimed = try await store.claimDeliveries(dueBy: now, limit: 10, perRoute: 10, leaseUntil: now + 60_000, skipping: [])
        #expect(claimed.count == 3)
        for d in claimed {
            try await store.settleDelivery(id: d.id, .failed(error: "HTTP 500: \u{1B}[2J\rall good\u{202E}"), at: now + 1_000)
        }

        let out = try CLIProcess.run(["deliveries", "--state", "failed", "--limit", "2", "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" })
        #expect(out.stdout.contains(#"HTTP 500: \u{1B}[2J\rall good\u{202E}"#), "\(out.stdout)")
        let lastShown = try #require(claimed.map(\.id).sorted().dropFirst().first)
        #expect(out.stderr.contains("more: caseflow deliveries --state failed --limit 2 --db \(db) --before \(lastShown)"), "\(out.stderr)")

        let both = try CLIProcess.run(["deliveries", "--state", "pending", "--retry-failed", "--db", db])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--state lists deliveries"), "\(both.stderr)")
    }
}
