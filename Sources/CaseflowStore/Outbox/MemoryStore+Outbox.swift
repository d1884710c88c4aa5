import CaseflowEngine
import CaseflowModel

extension MemoryStore {
    public func enqueue(_ deliveries: [NewDelivery], at: Instant) {
        for d in deliveries where !outbox.contains(where: { $0.message == d.message && $0.route == d.route }) {
            outbox.append(Delivery(id: Int64(outbox.count + 1), message: d.message, caseID: d.caseID, channel: d.channel,
                                   receiver: d.receiver, payload: d.payload, state: .pending, attempts: 0, createdAt: at,
                                   nextAttemptAt: at, lastError: nil, deliveredAt: nil))
        }
    }

    public func claimDeliveries(dueBy now: Instant, limit: Int, perRoute: Int, leaseUntil: Instant,
                                skipping: Set<String>) -> [Delivery] {
        var firstOfRoute = Set<String>()
        var perRouteCount: [String: Int] = [:]
        var claimed: [Delivery] = []
        for i in outbox.indices where outbox[i].state == .pending && claimed.count < limit {
            let d = outbox[i]
            guard firstOfRoute.insert(d.caseID + "\u{0}" + d.route).inserted else { continue }
            guard d.nextAttemptAt <= now, !skipping.contains(d.route), perRouteCount[d.route, default: 0] < perRoute else { continue }
            perRouteCount[d.route, default: 0] += 1
            outbox[i].attempts += 1
            outbox[i].nextAttemptAt = leaseUntil
            claimed.append(outbox[i])
        }
        return claimed
    }

    public func settleDelivery(id: Int64, _ result: DeliveryResult, at: Instant) {
        guard let i = outbox.firstIndex(where: { $0.id == id }), outbox[i].state == .pending else { return }
        switch result {
        case .delivered:
            outbox[i].state = .delivered
            outbox[i].deliveredAt = at
            outbox[i].lastError = nil  // an earlier attempt's error no longer describes it
        case .retry(let next, let error):
            outbox[i].nextAttemptAt = next
            outbox[i].lastError = error
        case .failed(let error):
            outbox[i].state = .failed
            outbox[i].lastError = error
        case .released(let next):
            outbox[i].nextAttemptAt = next
            outbox[i].attempts = max(0, outbox[i].attempts - 1)
        }
    }

    public func deliveries(state: DeliveryState?, before: Int64?, limit: Int) -> [Delivery] {
        Array(outbox.reversed().filter { d in (state.map { d.state == $0 } ?? true) && (before.map { d.id < $0 } ?? true) }
            .prefix(max(0, limit)))
    }

    public func delivery(id: Int64) -> Delivery? { outbox.first { $0.id == id } }

    public func retryDeliveries(_ which: DeliveryRetry, at: Instant) -> Int {
        var count = 0
        for i in outbox.indices {
            switch which {
            case .one(let id): guard outbox[i].id == id, outbox[i].state != .pending else { continue }
            case .allFailed: guard outbox[i].state == .failed else { continue }
            }
            outbox[i].state = .pending
            outbox[i].attempts = 0
            outbox[i].nextAttemptAt = at
            outbox[i].deliveredAt = nil
            count += 1
        }
        return count
    }

    public func releaseDeliveryClaims(at: Instant) -> Int {
        var count = 0
        for i in outbox.indices where outbox[i].state == .pending && outbox[i].attempts > 0 && outbox[i].nextAttemptAt > at {
            outbox[i].nextAttemptAt = at
            count += 1
        }
        return count
    }

    public func deliveryStats() -> DeliveryStats {
        DeliveryStats(pending: outbox.count { $0.state == .pending }, delivered: outbox.count { $0.state == .delivered },
                      failed: outbox.count { $0.state == .failed },
                      oldestPending: outbox.first { $0.state == .pending }?.createdAt)
    }

    public func notifications(person: String, unreadOnly: Bool, before: Int64?, limit: Int) -> [InboxNotification] {
        Array(inbox.reversed().filter { n in
            n.person == person && (!unreadOnly || n.readAt == nil) && (before.map { n.id < $0 } ?? true)
        }.prefix(max(0, limit)))
    }

    public func markNotificationRead(id: Int64, person: String, at: Instant) -> Bool {
        guard let i = inbox.firstIndex(where: { $0.id == id && $0.person == person }) else { return false }
        if inbox[i].readAt == nil { inbox[i].readAt = at }
        return true
    }
}
