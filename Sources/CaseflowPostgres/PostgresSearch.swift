import CaseflowStore
import Logging
import PostgresNIO

/// The values of each case's `search:` fields on PostgreSQL.
enum PostgresSearch {
    static func replace(_ rows: [(caseID: String, values: [String: String])], on connection: PostgresConnection,
                        logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        try await connection.query("DELETE FROM case_search WHERE case_id = ANY(\(rows.map(\.caseID)))", logger: logger)
        let flat = rows.flatMap { r in r.values.map { (r.caseID, $0.key, $0.value) } }
        guard !flat.isEmpty else { return }
        try await connection.query("""
            INSERT INTO case_search (case_id, name, value)
            SELECT * FROM unnest(\(flat.map(\.0)), \(flat.map(\.1)), \(flat.map(\.2)))
            """, logger: logger)
    }
}

extension PostgresStore {
    public func reindexSearch(_ rows: [(caseID: String, values: [String: String])]) async throws {
        let logger = self.logger
        do {
            try await client.withConnection { conn in
                try await conn.query("BEGIN", logger: logger)
                do {
                    try await PostgresSearch.replace(rows, on: conn, logger: logger)
                    try await conn.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await conn.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            throw PostgresFailure.store(error)
        }
    }
}
