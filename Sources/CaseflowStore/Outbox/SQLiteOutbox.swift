import CaseflowEngine
import CaseflowModel
import GRDB

/// The outbox and inbox tables on SQLite: written inside a case write's transaction, claimed and
/// settled by the dispatcher.
enum SQLiteOutbox {
    static let deliveryColumns = "id, message, case_id, channel, receiver, payload, state, attempts, created_at, next_at, last_error, delivered_at"
    static let notificationColumns = "id, person, message, case_id, payload, created_at, read_at"

    static func insert(_ rows: [(NewDelivery, Int64)], in db: Database) throws {
        for chunk in SQLiteWriteApplier.chunks(rows, of: 64) {
            var args: [(any DatabaseValueConvertible)?] = []
            for (d, at) in chunk { args += [d.message, d.caseID, d.channel, d.receiver, d.payload, at, at] }
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO deliveries (message, case_id, channel, receiver, payload, state, attempts, created_at, next_at) \
                VALUES \(repeatElement("(?, ?, ?, ?, ?, 'pending', 0, ?, ?)", count: chunk.count).joined(separator: ", "))
                """).execute(arguments: StatementArguments(args))
        }
    }

    static func insert(_ rows: [(NewNotification, Int64)], in db: Database) throws {
        for chunk in SQLiteWriteApplier.chunks(rows, of: 64) {
            var args: [(any DatabaseValueConvertible)?] = []
            for (n, at) in chunk { args += [n.person, n.message, n.caseID, n.payload, at] }
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO notifications (person, message, case_id, payload, created_at) \
                VALUES \(repeatElement("(?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", "))
                """).execute(arguments: StatementArguments(args))
        }
    }

    static func delivery(_ row: Row) -> Delivery {
        Delivery(id: row[0], message: row[1], caseID: row[2], channel: row[3], receiver: row[4], payload: row[5],
                 state: DeliveryState(rawValue: row[6]) ?? .failed, attempts: row[7], createdAt: Instant(millis: row[8]),
                 nextAttemptAt: Instant(millis: row[9]), lastError: row[10], deliveredAt: (row[11] as Int64?).map(Instant.init(millis:)))
    }

    static func notification(_ row: Row) -> InboxNotification {
        InboxNotification(id: row[0], person: row[1], message: row[2], caseID: row[3], payload: row[4],
                          createdAt: Instant(millis: row[5]), readAt: (row[6] as Int64?).map(Instant.init(millis:)))
    }
}

extension SQLiteStore {
    public func enqueue(_ deliveries: [NewDelivery], at: Instant) async throws {
        guard !deliveries.isEmpty else { return }
        try await writer.write { db in try SQLiteOutbox.insert(deliveries.map { ($0, at.millis) }, in: db) }
    }

    public func claimDeliveries(dueBy now: Instant, limit: Int, perRoute: Int, leaseUntil: Instant,
                                skipping: Set<String>) async throws -> [Delivery] {
        let skipped = Array(skipping)
        return try await writer.write { db in
            let skip = skipped.isEmpty ? "" : "AND (d.channel || ':' || d.receiver) NOT IN (\(SQLiteWriteApplier.marks(skipped.count)))"
            var args: [(any DatabaseValueConvertible)?] = [leaseUntil.millis, now.millis]
            args += skipped.map { $0 }
            args += [max(0, perRoute), max(0, limit)]
            let rows = try Row.fetchAll(db, sql: """
                UPDATE deliveries SET attempts = attempts + 1, next_at = ? WHERE id IN (
                    SELECT id FROM (
                        SELECT c.id, ROW_NUMBER() OVER (PARTITION BY c.channel, c.receiver ORDER BY c.id) AS n
                        FROM (SELECT d.id, d.channel, d.receiver FROM deliveries d
                              WHERE d.state = 'pending' AND d.next_at <= ? \(skip)
                                AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.state = 'pending' AND e.case_id = d.case_id
                                                AND e.channel = d.channel AND e.receiver = d.receiver AND e.id < d.id)
                              ORDER BY d.id LIMIT 1000) c)
                    WHERE n <= ? ORDER BY id LIMIT ?)
                RETURNING \(SQLiteOutbox.deliveryColumns)
                """, arguments: StatementArguments(args))
            return rows.map(SQLiteOutbox.delivery).sorted { $0.id < $1.id }
        }
    }

    public func settleDelivery(id: Int64, _ result: DeliveryResult, at: Instant) async throws {
        try await writer.write { db in
            switch result {
            case .delivered:
                try db.execute(sql: "UPDATE deliveries SET state = 'delivered', delivered_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'",
                               arguments: [at.millis, id])
            case .retry(let next, let error):
                try db.execute(sql: "UPDATE deliveries SET next_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
                               arguments: [next.millis, error, id])
            case .failed(let error):
                try db.execute(sql: "UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ? AND state = 'pending'",
                               arguments: [error, id])
            case .released(let next):
                try db.execute(sql: "UPDATE deliveries SET next_at = ?, attempts = MAX(0, attempts - 1) WHERE id = ? AND state = 'pending'",
                               arguments: [next.millis, id])
            }
        }
    }

    public func deliveries(state: DeliveryState?, before: Int64?, limit: Int) async throws -> [Delivery] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteOutbox.deliveryColumns) FROM deliveries
                WHERE (? IS NULL OR state = ?) AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [state?.rawValue, state?.rawValue, before ?? Int64.max, max(0, limit)])
                .map(SQLiteOutbox.delivery)
        }
    }

    public func delivery(id: Int64) async throws -> Delivery? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteOutbox.deliveryColumns) FROM deliveries WHERE id = ?", arguments: [id])
                .map(SQLiteOutbox.delivery)
        }
    }

    public func retryDeliveries(_ which: DeliveryRetry, at: Instant) async throws -> Int {
        try await writer.write { db in
            let set = "SET state = 'pending', attempts = 0, next_at = ?, delivered_at = NULL"
            switch which {
            case .one(let id):
                try db.execute(sql: "UPDATE deliveries \(set) WHERE id = ? AND state <> 'pending'", arguments: [at.millis, id])
            case .allFailed:
                try db.execute(sql: "UPDATE deliveries \(set) WHERE state = 'failed'", arguments: [at.millis])
            }
            return db.changesCount
        }
    }

    public func releaseDeliveryClaims(at: Instant) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "UPDATE deliveries SET next_at = ? WHERE state = 'pending' AND attempts > 0 AND next_at > ?",
                           arguments: [at.millis, at.millis])
            return db.changesCount
        }
    }

    public func deliveryStats() async throws -> DeliveryStats {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) FROM deliveries GROUP BY state") { counts[row[0]] = row[1] }
            let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(created_at) FROM deliveries WHERE state = 'pending'")
            return DeliveryStats(pending: counts["pending"] ?? 0, delivered: counts["delivered"] ?? 0, failed: counts["failed"] ?? 0,
                                 oldestPending: oldest.map(Instant.init(millis:)))
        }
    }

    public func notifications(person: String, unreadOnly: Bool, before: Int64?, limit: Int) async throws -> [InboxNotification] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteOutbox.notificationColumns) FROM notifications
                WHERE person = ? AND (? = 0 OR read_at IS NULL) AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [person, unreadOnly, before ?? Int64.max, max(0, limit)])
                .map(SQLiteOutbox.notification)
        }
    }

    public func markNotificationRead(id: Int64, person: String, at: Instant) async throws -> Bool {
        try await writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM notifications WHERE id = ? AND person = ?", arguments: [id, person]) != nil
            else { return false }
            try db.execute(sql: "UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL", arguments: [at.millis, id])
            return true
        }
    }
}
