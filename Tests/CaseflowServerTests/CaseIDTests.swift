@testable import CaseflowServer
import CaseflowModel
import CaseflowRules
import Foundation
import Logging
import Synchronization
import Testing

/// Case ids carry the opening time first, so ids of cases opened close together sort (and are
/// indexed) together; one daemon never makes an id twice, and a taken id (another daemon's) is
/// never overwritten: the case is opened again under a new one.
@Suite struct CaseIDTests {
    @Test func anIdIsThePrefixTheTimeAndACount() {
        #expect(CaseIDs.make(millis: 0, count: 0) == "c-0000000000000")
        let t = CaseIDs.make(millis: 1_780_000_000_000, count: 0b11111)
        #expect(t.count == 15 && t.hasPrefix("c-") && t.hasSuffix("000z"))
        #expect(t.utf8.allSatisfy { CaseIDs.digits.contains($0) || $0 == UInt8(ascii: "-") })
        #expect(CaseIDs.make(millis: 1_780_000_000_000, count: 1 << 20) == CaseIDs.make(millis: 1_780_000_000_000, count: 0),
                "the counter's low 20 bits")
    }

    @Test func oneDaemonNeverMakesTheSameIdTwiceEvenInOneMillisecond() {
        let now = Instant(millis: 1_780_000_000_000)
        let ids = (0..<10_000).map { _ in CaseIDs.make(at: now) }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.prefix(11) == ids[0].prefix(11) && $0.utf8.count == 15 })
    }

    @Test func idsSortByTheirOpeningTime() {
        var g = SystemRandomNumberGenerator()
        var millis: Int64 = 1_700_000_000_000
        var previous = CaseIDs.make(millis: millis, count: g.next())
        for _ in 0..<2_000 {
            millis += Int64(g.next() % 5_000) + 1
            let next = CaseIDs.make(millis: millis, count: g.next())
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
