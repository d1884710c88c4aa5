import CaseflowModel
import CaseflowStore
import Logging
import PostgresNIO

extension PostgresStore {
    static func batches(_ rows: PostgresRowSequence) async throws -> [StoredBatch] {
        var out: [StoredBatch] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            out.append(StoredBatch(
                id: try r[0].decode(String.self), createdAt: Instant(millis: try r[1].decode(Int64.self)),
                createdBy: try r[2].decode(String.self), spec: try r[3].decode(String.self), status: try r[4].decode(String.self),
                done: try r[5].decode(Int.self), refused: try r[6].decode(Int.self), cursor: try r[7].decode(String?.self),
                updatedAt: Instant(millis: try r[8].decode(Int64.self))))
        }
        return out
    }

    static func save(_ b: StoredBatch, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.query("""
            INSERT INTO batches (id, created_at, created_by, spec, status, done, refused, cursor, updated_at)
            VALUES (\(b.id), \(b.createdAt.millis), \(b.createdBy), \(b.spec), \(b.status), \(b.done), \(b.refused), \(b.cursor),
                    \(b.updatedAt.millis))
            ON CONFLICT (id) DO UPDATE SET
                status = CASE WHEN batches.status = 'done' THEN 'done' ELSE excluded.status END,
                done = excluded.done, refused = excluded.refused,
                cursor = CASE WHEN batches.cursor IS NOT NULL AND (excluded.cursor IS NULL OR excluded.cursor < batches.cursor)
                              THEN batches.cursor ELSE excluded.cursor END,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    public func saveBatch(_ batch: StoredBatch) async throws {
        try await recordBatch(batch, results: [])
    }

    public func batch(id: String) async throws -> StoredBatch? {
        try await run("""
            SELECT id, created_at, created_by, spec, status, done, refused, cursor, updated_at FROM batches WHERE id = \(id)
            """) { try await Self.batches($0) }.first
    }

    public func batches(status: String?, before: String?, limit: Int) async throws -> [StoredBatch] {
        try await run("""
            SELECT id, created_at, created_by, spec, status, done, refused, cursor, updated_at FROM batches
            WHERE (\(status)::text IS NULL OR status = \(status))
            AND (\(before)::text IS NULL OR (created_at, id) < (SELECT created_at, id FROM batches WHERE id = \(before)))
            ORDER BY created_at DESC, id DESC LIMIT \(max(0, limit))
            """) { try await Self.batches($0) }
    }

    public func recordBatch(_ batch: StoredBatch, results: [BatchResult]) async throws {
        let logger = self.logger
        do {
            try await client.transaction(logger: logger) { conn in
                // Several daemons may run one batch: lock its row, then count what is recorded.
                try await conn.query("SELECT 1 FROM batches WHERE id = \(batch.id) FOR UPDATE", logger: logger)
                if !results.isEmpty {
                    try await conn.query("""
                        INSERT INTO batch_results (batch_id, case_id, outcome, message)
                        SELECT \(batch.id), c, o, CASE WHEN hm THEN m END
                        FROM unnest(\(results.map(\.caseID)), \(results.map(\.outcome)), \(results.map { $0.message != nil }),
                                    \(results.map { $0.message ?? "" })) AS x(c, o, hm, m)
                        ON CONFLICT (batch_id, case_id) DO UPDATE SET outcome = excluded.outcome, message = excluded.message
                        WHERE batch_results.outcome = 'pending'
                        """, logger: logger)
                }
                try await Self.save(batch, on: conn, logger: logger)
                try await conn.query("""
                    UPDATE batches b SET
                        done = CASE WHEN r.n > 0 THEN r.done ELSE b.done END,
                        refused = CASE WHEN r.n > 0 THEN r.refused ELSE b.refused END
                    FROM (SELECT COUNT(*) FILTER (WHERE outcome = 'done') AS done,
                                 COUNT(*) FILTER (WHERE outcome = 'refused') AS refused, COUNT(*) AS n
                          FROM batch_results WHERE batch_id = \(batch.id)) r
                    WHERE b.id = \(batch.id)
                    """, logger: logger)
            }
        } catch {
            throw PostgresFailure.store(error)
        }
    }

    public func batchResults(id: String, after: String?, limit: Int) async throws -> [BatchResult] {
        try await run("""
            SELECT case_id, outcome, message FROM batch_results WHERE batch_id = \(id) AND case_id > \(after ?? "")
            ORDER BY case_id LIMIT \(max(0, limit))
            """) { rows in
            var out: [BatchResult] = []
            for try await (c, o, m) in rows.decode((String, String, String?).self) { out.append(BatchResult(caseID: c, outcome: o, message: m)) }
            return out
        }
    }

    public func leaseBatch(id: String, owner: String, until: Instant, now: Instant) async throws -> Bool {
        try await run("""
            UPDATE batches SET lease_owner = \(owner), lease_until = \(until.millis)
            WHERE id = \(id) AND status = 'running' AND (lease_owner IS NULL OR lease_owner = \(owner) OR lease_until < \(now.millis))
            RETURNING id
            """) { rows in
            var granted = false
            for try await _ in rows.decode(String.self) { granted = true }
            return granted
        }
    }
}
