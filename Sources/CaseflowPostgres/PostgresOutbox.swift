import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Logging
import PostgresNIO

/// The outbox and inbox on PostgreSQL. Several daemons claim deliveries with `FOR UPDATE SKIP
/// LOCKED` and a lease (`next_at`), so no delivery is sent by two of them at once.
enum PostgresOutbox {
    static let deliveryColumns = "id, message, case_id, channel, receiver, payload, state, attempts, created_at, next_at, last_error, delivered_at"
    static let notificationColumns = "id, person, message, case_id, payload, created_at, read_at"

    /// A batch's deliveries and inbox notifications, in one statement when it has both.
    static func insert(_ deliveries: [(NewDelivery, Instant)], _ notifications: [(NewNotification, Instant)],
                       on connection: PostgresConnection, logger: Logger) async throws {
        guard !deliveries.isEmpty || !notifications.isEmpty else { return }
        let d = deliveries.map(\.0), n = notifications.map(\.0)
        try await connection.query("""
            WITH sent AS (
                INSERT INTO deliveries (message, case_id, channel, receiver, payload, state, attempts, created_at, next_at)
                SELECT m, c, ch, r, p, 'pending', 0, t, t
                FROM unnest(\(d.map(\.message)), \(d.map(\.caseID)), \(d.map(\.channel)), \(d.map(\.receiver)), \(d.map(\.payload)),
                            \(deliveries.map(\.1.millis))) AS x(m, c, ch, r, p, t)
                ON CONFLICT (message, channel, receiver) DO NOTHING
            )
            INSERT INTO notifications (person, message, case_id, payload, created_at)
            SELECT pe, m, c, p, t
            FROM unnest(\(n.map(\.person)), \(n.map(\.message)), \(n.map(\.caseID)), \(n.map(\.payload)),
                        \(notifications.map(\.1.millis))) AS x(pe, m, c, p, t)
            ON CONFLICT (person, message) DO NOTHING
            """, logger: logger)
    }

    static func deliveries(_ rows: PostgresRowSequence) async throws -> [Delivery] {
        var out: [Delivery] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            out.append(Delivery(
                id: try r[0].decode(Int64.self), message: try r[1].decode(String.self), caseID: try r[2].decode(String.self),
                channel: try r[3].decode(String.self), receiver: try r[4].decode(String.self), payload: try r[5].decode(String.self),
                state: DeliveryState(rawValue: try r[6].decode(String.self)) ?? .failed, attempts: try r[7].decode(Int.self),
                createdAt: Instant(millis: try r[8].decode(Int64.self)), nextAttemptAt: Instant(millis: try r[9].decode(Int64.self)),
                lastError: try r[10].decode(String?.self), deliveredAt: try r[11].decode(Int64?.self).map(Instant.init(millis:))))
        }
        return out
    }

    static func notifications(_ rows: PostgresRowSequence) async throws -> [InboxNotification] {
        var out: [InboxNotification] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            out.append(InboxNotification(
                id: try r[0].decode(Int64.self), person: try r[1].decode(String.self), message: try r[2].decode(String.self),
                caseID: try r[3].decode(String.self), payload: try r[4].decode(String.self),
                createdAt: Instant(millis: try r[5].decode(Int64.self)), readAt: try r[6].decode(Int64?.self).map(Instant.init(millis:))))
        }
        return out
    }
}

extension PostgresStore {
    public func enqueue(_ deliveries: [NewDelivery], at: Instant) async throws {
        guard !deliveries.isEmpty else { return }
        let logger = self.logger
        do {
            try await client.withConnection { conn in
                try await PostgresOutbox.insert(deliveries.map { ($0, at) }, [], on: conn, logger: logger)
            }
        } catch {
            throw PostgresFailure.store(error)
        }
    }

    public func claimDeliveries(dueBy now: Instant, limit: Int, perRoute: Int, leaseUntil: Instant,
                                skipping: Set<String>) async throws -> [Delivery] {
        let skipped = Array(skipping)
        let claimed = try await run("""
            WITH candidates AS (
                SELECT id FROM (
                    SELECT c.id, row_number() OVER (PARTITION BY c.channel, c.receiver ORDER BY c.id) AS n
                    FROM (SELECT d.id, d.channel, d.receiver FROM deliveries d
                          WHERE d.state = 'pending' AND d.next_at <= \(now.millis)
                            AND NOT ((d.channel || ':' || d.receiver) = ANY(\(skipped)))
                            AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.state = 'pending' AND e.case_id = d.case_id
                                            AND e.channel = d.channel AND e.receiver = d.receiver AND e.id < d.id)
                          ORDER BY d.id LIMIT 1000) c) ranked
                WHERE n <= \(max(0, perRoute))
                ORDER BY id
                LIMIT \(max(0, limit))
            ), due AS (
                SELECT id FROM deliveries WHERE id IN (SELECT id FROM candidates) AND state = 'pending'
                ORDER BY id
                FOR UPDATE SKIP LOCKED
            )
            UPDATE deliveries x SET attempts = x.attempts + 1, next_at = \(leaseUntil.millis)
            FROM due WHERE x.id = due.id
            RETURNING x.id, x.message, x.case_id, x.channel, x.receiver, x.payload, x.state, x.attempts, x.created_at,
                      x.next_at, x.last_error, x.delivered_at
            """) { try await PostgresOutbox.deliveries($0) }
        return claimed.sorted { $0.id < $1.id }
    }

    public func settleDelivery(id: Int64, _ result: DeliveryResult, at: Instant) async throws {
        switch result {
        case .delivered:
            try await run("UPDATE deliveries SET state = 'delivered', delivered_at = \(at.millis), last_error = NULL WHERE id = \(id) AND state = 'pending'") { _ in () }
        case .retry(let next, let error):
            try await run("UPDATE deliveries SET next_at = \(next.millis), last_error = \(error) WHERE id = \(id) AND state = 'pending'") { _ in () }
        case .failed(let error):
            try await run("UPDATE deliveries SET state = 'failed', last_error = \(error) WHERE id = \(id) AND state = 'pending'") { _ in () }
        case .released(let next):
            try await run("""
                UPDATE deliveries SET next_at = \(next.millis), attempts = GREATEST(0, attempts - 1) WHERE id = \(id) AND state = 'pending'
                """) { _ in () }
        }
    }

    public func deliveries(state: DeliveryState?, before: Int64?, limit: Int) async throws -> [Delivery] {
        try await run("""
            SELECT \(unescaped: PostgresOutbox.deliveryColumns) FROM deliveries
            WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue)) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(max(0, limit))
            """) { try await PostgresOutbox.deliveries($0) }
    }

    public func delivery(id: Int64) async throws -> Delivery? {
        try await run("SELECT \(unescaped: PostgresOutbox.deliveryColumns) FROM deliveries WHERE id = \(id)") {
            try await PostgresOutbox.deliveries($0)
        }.first
    }

    public func retryDeliveries(_ which: DeliveryRetry, at: Instant) async throws -> Int {
        let rows: [Int64]
        switch which {
        case .one(let id):
            rows = try await run("""
                UPDATE deliveries SET state = 'pending', attempts = 0, next_at = \(at.millis), delivered_at = NULL
                WHERE id = \(id) AND state <> 'pending' RETURNING id
                """) { try await $0.decode(Int64.self).reduce(into: []) { $0.append($1) } }
        case .allFailed:
            rows = try await run("""
                UPDATE deliveries SET state = 'pending', attempts = 0, next_at = \(at.millis), delivered_at = NULL
                WHERE state = 'failed' RETURNING id
                """) { try await $0.decode(Int64.self).reduce(into: []) { $0.append($1) } }
        }
        return rows.count
    }

    public func releaseDeliveryClaims(at: Instant) async throws -> Int {
        try await run("""
            UPDATE deliveries SET next_at = \(at.millis) WHERE state = 'pending' AND attempts > 0 AND next_at > \(at.millis) RETURNING id
            """) { try await $0.decode(Int64.self).reduce(into: 0) { n, _ in n += 1 } }
    }

    public func deliveryStats() async throws -> DeliveryStats {
        try await run("""
            SELECT COUNT(*) FILTER (WHERE state = 'pending'), COUNT(*) FILTER (WHERE state = 'delivered'),
                   COUNT(*) FILTER (WHERE state = 'failed'), MIN(created_at) FILTER (WHERE state = 'pending')
            FROM deliveries
            """) { rows in
            for try await (p, d, f, oldest) in rows.decode((Int64, Int64, Int64, Int64?).self) {
                return DeliveryStats(pending: Int(p), delivered: Int(d), failed: Int(f), oldestPending: oldest.map(Instant.init(millis:)))
            }
            return DeliveryStats(pending: 0, delivered: 0, failed: 0, oldestPending: nil)
        }
    }

    public func notifications(person: String, unreadOnly: Bool, before: Int64?, limit: Int) async throws -> [InboxNotification] {
        try await run("""
            SELECT \(unescaped: PostgresOutbox.notificationColumns) FROM notifications
            WHERE person = \(person) AND (NOT \(unreadOnly) OR read_at IS NULL) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(max(0, limit))
            """) { try await PostgresOutbox.notifications($0) }
    }

    public func markNotificationRead(id: Int64, person: String, at: Instant) async throws -> Bool {
        let found = try await run("""
            UPDATE notifications SET read_at = COALESCE(read_at, \(at.millis)) WHERE id = \(id) AND person = \(person) RETURNING id
            """) { try await $0.decode(Int64.self).reduce(into: 0) { n, _ in n += 1 } }
        return found > 0
    }
}
