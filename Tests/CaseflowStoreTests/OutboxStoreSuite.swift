import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Testing

/// The outbox and inbox contract, on every store: written with a case's events (never without
/// them), claimed in order per case and receiver, settled, listed, retried.
@Suite struct OutboxStoreSuite {
    static func delivery(_ message: String, case caseID: String, to receiver: String, channel: String = "webhook") -> NewDelivery {
        NewDelivery(message: message, caseID: caseID, channel: channel, receiver: receiver, payload: "{\"id\":\"\(message)\"}")
    }

    @Test(arguments: StoreKind.allCases)
    func deliveriesAreWrittenWithTheirEventsOrNotAtAll(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        var writes = try TestCases.writes(caseID: "c1")
        writes[0].deliveries = [Self.delivery("c1/1", case: "c1", to: "crm")]
        writes[0].notifications = [NewNotification(person: "ann", message: "c1/1", caseID: "c1", payload: "{\"asked\":\"look\"}")]
        try await store.commit(writes[0])
        // A stale write carries its deliveries down with it.
        var stale = writes[1]
        stale.expectedVersion = 0
        stale.deliveries = [Self.delivery("c1/9", case: "c1", to: "crm")]
        stale.notifications = [NewNotification(person: "ann", message: "c1/9", caseID: "c1", payload: "{}")]
        await #expect(throws: StoreError.self) { try await store.commit(stale) }
        let all = try await store.deliveries(state: nil, before: nil, limit: 10)
        #expect(all.map(\.message) == ["c1/1"])
        #expect(all.first?.state == .pending && all.first?.attempts == 0)
        #expect(all.first?.createdAt == writes[0].snapshot.updatedAt)
        let inbox = try await store.notifications(person: "ann", unreadOnly: true, before: nil, limit: 10)
        #expect(inbox.map(\.message) == ["c1/1"])
        #expect(try await store.deliveryStats() == DeliveryStats(pending: 1, delivered: 0, failed: 0,
                                                                  oldestPending: writes[0].snapshot.updatedAt))
    }

    @Test(arguments: StoreKind.allCases)
    func claimsKeepOrderPerCaseAndReceiverAndSkipBusyReceivers(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let t = TestCases.monday
        try await store.enqueue([
            Self.delivery("a/1", case: "a", to: "crm"), Self.delivery("a/1", case: "a", to: "erp"),
            Self.delivery("a/2", case: "a", to: "crm"), Self.delivery("b/1", case: "b", to: "crm"),
            Self.delivery("a/1", case: "a", to: "crm"),   // the same message again: written once
        ], at: t)
        #expect(try await store.deliveryStats().pending == 4)
        let lease = t + 60_000
        // a/2 waits for a/1 on crm; the other routes and cases go.
        let first = try await store.claimDeliveries(dueBy: t, limit: 10, perRoute: 100, leaseUntil: lease, skipping: [])
        #expect(first.map { "\($0.message)>\($0.receiver)" } == ["a/1>crm", "a/1>erp", "b/1>crm"])
        #expect(first.allSatisfy { $0.attempts == 1 })
        // Claimed ones are not claimed again before their lease ends.
        #expect(try await store.claimDeliveries(dueBy: t + 1000, limit: 10, perRoute: 100, leaseUntil: lease, skipping: []).isEmpty)
        try await store.settleDelivery(id: first[0].id, .delivered, at: t + 10)
        try await store.settleDelivery(id: first[1].id, .retry(at: t + 5_000, error: "HTTP 500"), at: t + 10)
        try await store.settleDelivery(id: first[2].id, .failed(error: "HTTP 410"), at: t + 10)
        let second = try await store.claimDeliveries(dueBy: t + 1000, limit: 10, perRoute: 100, leaseUntil: lease, skipping: ["webhook:crm"])
        #expect(second.isEmpty, "crm is skipped and erp waits for its retry time")
        let third = try await store.claimDeliveries(dueBy: t + 6000, limit: 10, perRoute: 100, leaseUntil: lease, skipping: [])
        #expect(third.map { "\($0.message)>\($0.receiver)" } == ["a/1>erp", "a/2>crm"])
        #expect(third.first?.attempts == 2 && third.first?.lastError == "HTTP 500")
        #expect(try await store.deliveryStats() == DeliveryStats(pending: 2, delivered: 1, failed: 1, oldestPending: t))
        #expect(try await store.deliveries(state: .failed, before: nil, limit: 10).map(\.message) == ["b/1"])
        // Newest first, paged by id.
        let page = try await store.deliveries(state: nil, before: nil, limit: 2)
        #expect(page.count == 2 && page[0].id > page[1].id)
        let rest = try await store.deliveries(state: nil, before: page[1].id, limit: 10)
        #expect(rest.count == 2 && rest.allSatisfy { $0.id < page[1].id })
    }

    @Test(arguments: StoreKind.allCases)
    func oneClaimTakesAtMostSoManyOfOneReceiver(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let t = TestCases.monday
        try await store.enqueue((1...5).map { Self.delivery("c\($0)/1", case: "c\($0)", to: "crm") }
                                + [Self.delivery("c1/1", case: "c1", to: "erp")], at: t)
        let claimed = try await store.claimDeliveries(dueBy: t, limit: 10, perRoute: 2, leaseUntil: t + 60_000, skipping: [])
        #expect(claimed.map { "\($0.message)>\($0.receiver)" } == ["c1/1>crm", "c2/1>crm", "c1/1>erp"])
    }

    @Test(arguments: StoreKind.allCases)
    func failedAndDeliveredOnesGoAgainOnRequestAndClaimsAreReleasedAtStart(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let t = TestCases.monday
        try await store.enqueue([Self.delivery("a/1", case: "a", to: "crm"), Self.delivery("b/1", case: "b", to: "crm"),
                                 Self.delivery("c/1", case: "c", to: "crm")], at: t)
        let claimed = try await store.claimDeliveries(dueBy: t, limit: 10, perRoute: 100, leaseUntil: t + 120_000, skipping: [])
        try await store.settleDelivery(id: claimed[0].id, .failed(error: "gave up"), at: t)
        try await store.settleDelivery(id: claimed[1].id, .delivered, at: t)
        // c/1 stays claimed, as by a daemon killed while sending it.
        #expect(try await store.retryDeliveries(.one(claimed[2].id), at: t) == 0, "a pending one is left as it is")
        #expect(try await store.retryDeliveries(.allFailed, at: t + 1) == 1)
        #expect(try await store.retryDeliveries(.one(claimed[1].id), at: t + 1) == 1)
        let again = try #require(try await store.delivery(id: claimed[1].id))
        #expect(again.state == .pending && again.attempts == 0 && again.deliveredAt == nil)
        // Given back untried (its receiver was busy): due again, the claim not counted as an attempt.
        let busy = try #require(try await store.claimDeliveries(dueBy: t + 1, limit: 1, perRoute: 100, leaseUntil: t + 60_000, skipping: []).first)
        try await store.settleDelivery(id: busy.id, .released(at: t + 1), at: t + 1)
        #expect(try await store.delivery(id: busy.id)?.attempts == busy.attempts - 1)
        #expect(try await store.delivery(id: busy.id)?.nextAttemptAt == t + 1)
        #expect(try await store.releaseDeliveryClaims(at: t + 2) == 1)
        let all = try await store.claimDeliveries(dueBy: t + 2, limit: 10, perRoute: 100, leaseUntil: t + 60_000, skipping: [])
        #expect(Set(all.map(\.message)) == ["a/1", "b/1", "c/1"])
        // Delivered at last: the error of the attempt that gave up no longer stands beside it.
        let first = try #require(all.first { $0.message == "a/1" })
        #expect(try await store.delivery(id: first.id)?.lastError == "gave up")
        try await store.settleDelivery(id: first.id, .delivered, at: t + 3)
        #expect(try await store.delivery(id: first.id)?.lastError == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func anInboxIsEachPersonsOwn(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        var writes = try TestCases.writes(caseID: "c1")
        writes[0].notifications = [NewNotification(person: "ann", message: "c1/1", caseID: "c1", payload: "{}"),
                                   NewNotification(person: "ben", message: "c1/1", caseID: "c1", payload: "{}")]
        writes[1].notifications = [NewNotification(person: "ann", message: "c1/2", caseID: "c1", payload: "{}")]
        try await CaseStoreSuite.commitAll(writes, to: store)
        let ann = try await store.notifications(person: "ann", unreadOnly: true, before: nil, limit: 10)
        #expect(ann.map(\.message) == ["c1/2", "c1/1"])
        let bens = try #require(try await store.notifications(person: "ben", unreadOnly: false, before: nil, limit: 10).first)
        #expect(try await store.markNotificationRead(id: bens.id, person: "ann", at: TestCases.monday) == false)
        #expect(try await store.markNotificationRead(id: ann[1].id, person: "ann", at: TestCases.monday) == true)
        #expect(try await store.notifications(person: "ann", unreadOnly: true, before: nil, limit: 10).map(\.message) == ["c1/2"])
        let read = try await store.notifications(person: "ann", unreadOnly: false, before: nil, limit: 10)
        #expect(read.last?.readAt == TestCases.monday)
        #expect(try await store.notifications(person: "ben", unreadOnly: true, before: nil, limit: 10).count == 1)
    }
}

/// The search index on every store: written with the snapshot, replaced on reindex.
@Suite struct SearchIndexStoreSuite {
    @Test(arguments: StoreKind.allCases)
    func equalityFiltersUseTheIndexedValues(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        for (id, customer) in [("c1", "Acme"), ("c2", "Beta")] {
            var w = try TestCases.writes(caseID: id)[0]
            w.snapshot.search = ["customer": customer, "channel": "referral"]
            try await store.commit(w)
        }
        var q = CaseQuery()
        q.data = [("customer", "Acme")]
        #expect(try await store.cases(q).map(\.id) == ["c1"])
        q.data = [("channel", "referral")]
        #expect(try await store.cases(q).map(\.id) == ["c1", "c2"])
        q.data = [("channel", "referral"), ("customer", "Beta")]
        #expect(try await store.cases(q).map(\.id) == ["c2"])
        try await store.reindexSearch([("c2", ["customer": "Gamma"])])
        #expect(try await store.cases(q).isEmpty)
        q.data = [("customer", "Gamma")]
        #expect(try await store.cases(q).map(\.id) == ["c2"])
    }
}
