import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Synchronization
import Testing

/// The contract every store keeps: run against each implementation.
@Suite struct CaseStoreSuite {
    static func commitAll(_ writes: [CaseWrite], to store: any CaseStore) async throws {
        for w in writes { try await store.commit(w) }
    }

    @Test(arguments: StoreKind.allCases)
    func appendsAndReadsBack(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let writes = try TestCases.writes(caseID: "c1")
        try await Self.commitAll(writes, to: store)
        let events = try await store.events(caseID: "c1")
        let original = writes.flatMap(\.events)
        #expect(events.map(\.sequence) == Array(1...original.count))
        #expect(events.map(\.type) == original.map(\.kind.name))
        for (stored, event) in zip(events, original) {
            let decoded = try EventCodec.decode(stored.body)
            #expect(decoded.caseID == "c1")
            #expect(decoded.event.kind == event.kind && decoded.event.why == event.why && decoded.event.at == event.at)
        }
        let snapshot = try #require(try await store.snapshot(caseID: "c1"))
        #expect(snapshot.version == original.count)
        #expect(snapshot.status == "closed")
        #expect(snapshot.stage == "won")
        let state = try snapshot.decodedState()
        #expect(state.outcome == "won")
        #expect(try await store.events(caseID: "nobody").isEmpty)
        #expect(try await store.snapshot(caseID: "nobody") == nil)
    }

    /// A case's snapshot and events read while the case is being written are always one
    /// commit's pair: never a snapshot of one version with the events of another (which a check
    /// of the case against its history takes for tampering).
    @Test(arguments: StoreKind.allCases)
    func aCaseRecordIsTheSnapshotWithItsOwnEvents(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let cases = 12
        let writing = Counter()
        let mismatches = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                for c in 0..<cases {
                    writing.value.store(c, ordering: .releasing)
                    try await Self.commitAll(try TestCases.writes(caseID: "r\(c)"), to: store)
                }
                writing.value.store(cases, ordering: .releasing)
                return []
            }
            group.addTask {
                var wrong: [String] = []
                while case let c = writing.value.load(ordering: .acquiring), c < cases {
                    let record = try await store.caseRecord(caseID: "r\(c)")
                    if record.events.count != record.snapshot?.version ?? 0 {
                        wrong.append("r\(c): \(record.events.count) events, snapshot version \(record.snapshot?.version ?? 0)")
                    }
                    // `caseflow verify` checks the history reaches the case's version: read
                    // apart, a commit between the reads looked like a truncated history.
                    if let result = try await store.verify(caseID: "r\(c)"), !result.isIntact {
                        wrong.append("r\(c): verify says \(result.description)")
                    }
                }
                return wrong
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        let last = try await store.caseRecord(caseID: "r\(cases - 1)")
        #expect(last.events.count == last.snapshot?.version && !last.events.isEmpty)
        #expect(try await store.caseRecord(caseID: "nobody").snapshot == nil)
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Batches are listed newest first, a page at a time: `before` a batch gives those older than
    /// it (of two made in the same millisecond, the greater id first), filtered by status or not, and an
    /// id no batch has gives none.
    @Test(arguments: StoreKind.allCases)
    func batchesArePagedNewestFirst(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let start = TestCases.monday
        let made: [(String, Int64, String)] = [("b-a", 0, "done"), ("b-b", 1_000, "running"), ("b-c", 1_000, "done"),
                                               ("b-d", 2_000, "running"), ("b-e", 3_000, "done")]
        for (id, offset, status) in made {
            try await store.saveBatch(StoredBatch(id: id, createdAt: start + offset, createdBy: "ada", spec: "{}", status: status,
                                                  done: 0, refused: 0, cursor: nil, updatedAt: start + offset))
        }
        var pages: [[String]] = []
        var before: String?
        repeat {
            let page = try await store.batches(status: nil, before: before, limit: 2)
            pages.append(page.map(\.id))
            before = page.count == 2 ? page.last?.id : nil
        } while before != nil
        #expect(pages == [["b-e", "b-d"], ["b-c", "b-b"], ["b-a"]])
        #expect(try await store.batches(status: "running", before: "b-e", limit: 10).map(\.id) == ["b-d", "b-b"])
        #expect(try await store.batches(status: "running", before: "b-c", limit: 10).map(\.id) == ["b-b"])
        #expect(try await store.batches(status: nil, before: "b-zz", limit: 10).isEmpty)
        #expect(try await store.batches(status: nil, limit: 3).map(\.id) == ["b-e", "b-d", "b-c"])
    }

    @Test(arguments: StoreKind.allCases)
    func staleVersionIsRefusedAndWritesNothing(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let writes = try TestCases.writes(caseID: "c1")
        try await store.commit(writes[0])
        var stale = writes[1]
        stale.idempotency = StoredResponse(key: "k-stale", fingerprint: "f", status: 200, body: "{}")
        try await store.commit(writes[1])
        await #expect(throws: StoreError.staleVersion(caseID: "c1", expected: writes[1].expectedVersion, actual: writes[1].snapshot.version)) {
            try await store.commit(stale)
        }
        #expect(try await store.events(caseID: "c1").count == writes[1].snapshot.version)
        #expect(try await store.idempotentResponse(key: "k-stale") == nil)
        // A new case whose id is taken is stale too.
        await #expect(throws: StoreError.self) { try await store.commit(writes[0]) }
    }

    @Test(arguments: StoreKind.allCases)
    func idempotencyAnswerIsStoredWithTheWrite(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        var first = try TestCases.writes(caseID: "c1")[0]
        let answer = StoredResponse(key: "key-1", fingerprint: "ann POST /v1/cases", status: 201, body: #"{"id":"c1"}"#)
        first.idempotency = answer
        try await store.commit(first)
        #expect(try await store.idempotentResponse(key: "key-1") == answer)
        #expect(try await store.idempotentResponse(key: "key-2") == nil)
        var second = try TestCases.writes(caseID: "c2")[0]
        second.idempotency = StoredResponse(key: "key-1", fingerprint: "other", status: 201, body: "{}")
        await #expect(throws: StoreError.idempotencyKeyTaken("key-1")) { try await store.commit(second) }
        #expect(try await store.snapshot(caseID: "c2") == nil)
        #expect(try await store.idempotentResponse(key: "key-1") == answer)
    }

    @Test(arguments: StoreKind.allCases)
    func dueCasesComeEarliestFirstWithoutClosedOnes(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let h = TestCases.hour
        try await Self.commitAll(try TestCases.openCase(caseID: "late", at: TestCases.monday + 2 * h), to: store)
        try await Self.commitAll(try TestCases.openCase(caseID: "early", at: TestCases.monday), to: store)
        try await Self.commitAll(try TestCases.writes(caseID: "done"), to: store)
        let early = try #require(try await store.snapshot(caseID: "early")?.nextDue)
        let late = try #require(try await store.snapshot(caseID: "late")?.nextDue)
        #expect(early < late)
        #expect(try await store.snapshot(caseID: "done")?.nextDue == nil)
        let far = TestCases.monday + 1000 * h
        let due = try await store.dueCases(before: far, limit: 10)
        #expect(due.map(\.caseID) == ["early", "late"])
        #expect(due.map(\.due) == [early, late])
        #expect(try await store.dueCases(before: early, limit: 10).map(\.caseID) == ["early"])
        #expect(try await store.dueCases(before: far, limit: 1).map(\.caseID) == ["early"])
        #expect(try await store.dueCases(before: TestCases.monday, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func openCasesAreCountedByWorkflowAndStage(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        try await Self.commitAll(try TestCases.writes(caseID: "a"), to: store)
        for id in ["d", "e"] { try await Self.commitAll(try TestCases.openCase(caseID: id), to: store) }
        #expect(try await store.openCaseCounts() == [OpenCaseCount(workflow: "deal", stage: "intake", count: 2)])
    }

    @Test(arguments: StoreKind.allCases)
    func casesFilterAndPage(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        for id in ["a", "b", "c"] { try await Self.commitAll(try TestCases.writes(caseID: id, approve: id != "b"), to: store) }
        for id in ["d", "e"] { try await Self.commitAll(try TestCases.openCase(caseID: id), to: store) }
        try await Self.commitAll(try TestCases.openCase(caseID: "f", advancedBy: 50 * TestCases.hour), to: store)
        #expect(try await store.caseIDs() == ["a", "b", "c", "d", "e", "f"])
        #expect(try await store.cases(CaseQuery()).map(\.id) == ["a", "b", "c", "d", "e", "f"])
        #expect(try await store.cases(CaseQuery(limit: 2)).map(\.id) == ["a", "b"])
        #expect(try await store.cases(CaseQuery(after: "b", limit: 2)).map(\.id) == ["c", "d"])
        #expect(try await store.cases(CaseQuery(status: "open")).map(\.id) == ["d", "e", "f"])
        #expect(try await store.cases(CaseQuery(stage: "lost")).map(\.id) == ["b"])
        #expect(try await store.cases(CaseQuery(stage: "intake", role: "rep")).map(\.id) == ["d", "e", "f"])
        #expect(try await store.cases(CaseQuery(workflow: "deal", stage: "won")).map(\.id) == ["a", "c"])
        #expect(try await store.cases(CaseQuery(workflow: "other")).isEmpty)
        #expect(try await store.cases(CaseQuery(breached: true)).map(\.id) == ["f"])
        #expect(try await store.cases(CaseQuery(breached: false, after: "c")).map(\.id) == ["d", "e"])
    }

    /// A case's search values follow its writes: a changed value is found by its new value only,
    /// a name the case no longer has is gone, and so are all of them when none is left; other
    /// cases keep theirs.
    @Test(arguments: StoreKind.allCases)
    func searchValuesFollowEachWrite(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        var s1 = try TestCases.writes(caseID: "s1")
        var s2 = try TestCases.writes(caseID: "s2")
        s1[0].snapshot.search = ["customer": "Acme", "region": "north"]
        s2[0].snapshot.search = ["customer": "Acme", "region": "south"]
        s1[1].snapshot.search = ["customer": "Beta"]
        try await store.commit(s1[0])
        try await store.commit(s2[0])
        try await store.commit(s1[1])
        func found(_ field: String, _ value: String) async throws -> [String] {
            var q = CaseQuery()
            q.data = [(field, value)]
            return try await store.cases(q).map(\.id)
        }
        #expect(try await found("customer", "Beta") == ["s1"])
        #expect(try await found("customer", "Acme") == ["s2"])
        #expect(try await found("region", "north").isEmpty)
        #expect(try await found("region", "south") == ["s2"])
        // Its workflow has search fields and none is set any more: all its values go.
        s1[2].snapshot.search = [:]
        s1[2].snapshot.hasSearchFields = true
        try await store.commit(s1[2])
        #expect(try await found("customer", "Beta").isEmpty)
        #expect(try await found("customer", "Acme") == ["s2"])
    }

    @Test(arguments: StoreKind.allCases)
    func definitionsByHash(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let hash = try await store.saveDefinition(StoredDefinition(kind: "workflow", id: "deal", version: 1, source: TestCases.workflow))
        #expect(hash == StoredDefinition.hash(of: TestCases.workflow))
        #expect(hash.count == 64)
        let again = try await store.saveDefinition(StoredDefinition(kind: "workflow", id: "deal", version: 1, source: TestCases.workflow))
        #expect(again == hash)
        let policies = try await store.saveDefinition(StoredDefinition(kind: "directory", id: "staff", version: nil, source: TestCases.policies))
        let stored = try #require(try await store.definition(hash: hash))
        #expect(stored.source == TestCases.workflow && stored.id == "deal" && stored.version == 1)
        #expect(try await store.definition(hash: String(repeating: "a", count: 64)) == nil)
        #expect(try await store.definitions().map(\.hash) == [policies, hash])
    }

    /// Events whose canonical text holds letters beyond ASCII (written as UTF-8, not escaped)
    /// chain as Swift computes the chain, whichever store hashes them (PostgreSQL does it in
    /// the database).
    @Test(arguments: StoreKind.allCases)
    func chainOfTextBeyondASCIIVerifies(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let writes = try TestCases.writes(caseID: "u1", tags: ["Zoë", "東京", "😀"], comment: "d’accord — ok ✓")
        try await Self.commitAll(writes, to: store)
        let events = try await store.events(caseID: "u1")
        #expect(events.count == writes.last?.snapshot.version)
        #expect(events.contains { $0.body.contains("東京") } && events.contains { $0.body.contains("d’accord — ok ✓") })
        #expect(HashChain.verify(events).isIntact)
    }

    @Test(arguments: StoreKind.allCases)
    func chainVerifiesAcrossWrites(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        try await Self.commitAll(try TestCases.writes(caseID: "c1"), to: store)
        try await Self.commitAll(try TestCases.openCase(caseID: "c2", advancedBy: 100 * TestCases.hour), to: store)
        for id in ["c1", "c2"] {
            let events = try await store.events(caseID: id)
            #expect(events.first?.previousHash == HashChain.genesis)
            #expect(HashChain.verify(events) == .intact(events: events.count, lastHash: events.last?.hash ?? ""))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentWritesToOneCaseHaveOneWinner(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let writes = try TestCases.writes(caseID: "c1")
        try await store.commit(writes[0])
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { (try? await store.commit(writes[1])) != nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        let events = try await store.events(caseID: "c1")
        #expect(events.count == writes[1].snapshot.version)
        #expect(HashChain.verify(events).isIntact)
    }

    @Test(arguments: StoreKind.allCases)
    func writesThatDoNotContinueTheCaseAreRefused(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        var w = try TestCases.writes(caseID: "c1")[1]
        w.expectedVersion = 0
        await #expect(throws: StoreError.self) { try await store.commit(w) }
        #expect(try await store.caseIDs().isEmpty)
    }
}
