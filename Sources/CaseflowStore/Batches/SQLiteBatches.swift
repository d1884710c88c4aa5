import CaseflowModel
import GRDB

extension SQLiteStore {
    static let batchColumns = "id, created_at, created_by, spec, status, done, refused, cursor, updated_at"

    static func batch(_ row: Row) -> StoredBatch {
        StoredBatch(id: row[0], createdAt: Instant(millis: row[1]), createdBy: row[2], spec: row[3], status: row[4], done: row[5],
                    refused: row[6], cursor: row[7], updatedAt: Instant(millis: row[8]))
    }

    static func save(_ b: StoredBatch, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO batches (\(batchColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, done = excluded.done, refused = excluded.refused,
                cursor = excluded.cursor, updated_at = excluded.updated_at
            """, arguments: [b.id, b.createdAt.millis, b.createdBy, b.spec, b.status, b.done, b.refused, b.cursor, b.updatedAt.millis])
    }

    public func saveBatch(_ batch: StoredBatch) async throws {
        try await writer.write { db in try Self.save(batch, in: db) }
    }

    public func batch(id: String) async throws -> StoredBatch? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.batchColumns) FROM batches WHERE id = ?", arguments: [id]).map(Self.batch)
        }
    }

    public func batches(status: String?, before: String?, limit: Int) async throws -> [StoredBatch] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.batchColumns) FROM batches WHERE (? IS NULL OR status = ?)
                AND (? IS NULL OR (created_at, id) < (SELECT created_at, id FROM batches WHERE id = ?))
                ORDER BY created_at DESC, id DESC LIMIT ?
                """, arguments: [status, status, before, before, max(0, limit)]).map(Self.batch)
        }
    }

    public func recordBatch(_ batch: StoredBatch, results: [BatchResult]) async throws {
        try await writer.write { db in
            let old = try Row.fetchOne(db, sql: "SELECT \(Self.batchColumns) FROM batches WHERE id = ?", arguments: [batch.id]).map(Self.batch)
            for r in results {
                try db.execute(sql: """
                    INSERT INTO batch_results (batch_id, case_id, outcome, message) VALUES (?, ?, ?, ?)
                    ON CONFLICT (batch_id, case_id) DO UPDATE SET outcome = excluded.outcome, message = excluded.message
                    WHERE batch_results.outcome = 'pending'
                    """, arguments: [batch.id, r.caseID, r.outcome, r.message])
            }
            var b = batch
            let counts = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) FILTER (WHERE outcome = 'done'), COUNT(*) FILTER (WHERE outcome = 'refused'), COUNT(*)
                FROM batch_results WHERE batch_id = ?
                """, arguments: [batch.id])
            if let counts, (counts[2] as Int) > 0 {
                b.done = counts[0]
                b.refused = counts[1]
            }
            if let old {
                if let c = old.cursor, let n = b.cursor, n < c { b.cursor = c }
                if old.status == "done" { b.status = "done" }
            }
            try Self.save(b, in: db)
        }
    }

    public func batchResults(id: String, after: String?, limit: Int) async throws -> [BatchResult] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT case_id, outcome, message FROM batch_results WHERE batch_id = ? AND case_id > ? ORDER BY case_id LIMIT ?
                """, arguments: [id, after ?? "", max(0, limit)]).map { BatchResult(caseID: $0[0], outcome: $0[1], message: $0[2]) }
        }
    }

    public func leaseBatch(id: String, owner: String, until: Instant, now: Instant) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE batches SET lease_owner = ?, lease_until = ?
                WHERE id = ? AND status = 'running' AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)
                """, arguments: [owner, until.millis, id, owner, now.millis])
            return db.changesCount == 1
        }
    }
}
