@testable import CaseflowServer
import CaseflowModel
import CaseflowRules
import Foundation
import Logging
import Synchronization
import Testing

/// Case ids carry the opening time first, so ids of cases opened close together sort (and are
/// indexed) together; a taken id is never overwritten: the case is opened again under a new one.
@Suite struct CaseIDTests {
    @Test func anIdIsThePrefixTheTimeAndRandomDigits() {
        #expect(CaseIDs.make(seconds: 0, random: 0) == "c-0000000000000")
        let t = CaseIDs.make(seconds: 1_780_000_000, random: 0b11111)
        #expect(t.count == 15 && t.hasPrefix("c-") && t.hasSuffix("z00000"))
        #expect(t.utf8.allSatisfy { CaseIDs.digits.contains($0) || $0 == UInt8(ascii: "-") })
        let a = CaseIDs.make(at: Instant(seconds: 1_780_000_000)), b = CaseIDs.make(at: Instant(millis: 1_780_000_000_999))
        #expect(a.prefix(9) == t.prefix(9) && b.prefix(9) == t.prefix(9) && a != b)
        #expect(a.utf8.count <= 15, "kept inline in the string")
    }

    @Test func idsSortByTheirOpeningTime() {
        var g = SystemRandomNumberGenerator()
        var seconds: Int64 = 1_700_000_000
        var previous = CaseIDs.make(seconds: seconds, random: g.next())
        for _ in 0..<2_000 {
            seconds += Int64(g.next() % 5_000) + 1
            let next = CaseIDs.make(seconds: seconds, random: g.next())
            #expect(previous < next, "\(previous) opened before \(next)")
            previous = next
        }
    }

    @Test func aTakenIdIsNotOverwrittenTheCaseOpensUnderANewOne() async throws {
        let d = try await TestDaemon()
        let handed = Mutex(["c-taken", "c-taken", "c-fresh"])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let cases = CaseService(store: d.store, registry: d.daemon.registry, metrics: ServerMetrics(), notifier: nil,
                                logger: logger, clock: { d.clock.now },
                                newID: { _ in handed.withLock { $0.removeFirst() } })
        let first = try await cases.open(workflow: "service-sales", data: [("customer", .string("First Ltd"))], by: "alice")
        #expect(first.id == "c-taken")
        let second = try await cases.open(workflow: "service-sales", data: [("customer", .string("Second Ltd"))], by: "alice")
        #expect(second.id == "c-fresh")
        let kept = try #require(try await cases.state("c-taken"))
        #expect(kept.sequence == first.sequence && kept.version == first.version)
        let stored = try await d.store.events(caseID: "c-taken")
        #expect(stored.count == first.sequence && stored.allSatisfy { $0.caseID == "c-taken" })
        #expect(handed.withLock { $0.isEmpty })
    }
}
