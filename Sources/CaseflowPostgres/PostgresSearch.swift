import CaseflowStore
import Logging
import PostgresNIO

/// The values of each case's `search:` fields on PostgreSQL.
enum PostgresSearch {
    /// Replaces each case's values in one statement: names a case no longer has go, the others
    /// are written over (the two touch different rows, so their order inside the statement does
    /// not matter). A case given twice keeps its last values.
    static func replace(_ rows: [(caseID: String, values: [String: String])], on connection: PostgresConnection,
                        logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        var last: [String: [String: String]] = [:]
        for r in rows { last[r.caseID] = r.values }
        let flat = last.flatMap { id, values in values.map { (id, $0.key, $0.value) } }
        try await connection.query("""
            WITH input AS (
                SELECT * FROM unnest(\(flat.map(\.0)), \(flat.map(\.1)), \(flat.map(\.2))) AS i(case_id, name, value)
            ), gone AS (
                DELETE FROM case_search s WHERE s.case_id = ANY(\(Array(last.keys)))
                    AND NOT EXISTS (SELECT 1 FROM input i WHERE i.case_id = s.case_id AND i.name = s.name)
            )
            INSERT INTO case_search (case_id, name, value) SELECT case_id, name, value FROM input
            ON CONFLICT (case_id, name) DO UPDATE SET value = excluded.value WHERE case_search.value <> excluded.value
            """, logger: logger)
    }
}

extension PostgresStore {
    public func reindexSearch(_ rows: [(caseID: String, values: [String: String])]) async throws {
        let logger = self.logger
        do {
            try await client.transaction(logger: logger) { conn in
                try await PostgresSearch.replace(rows, on: conn, logger: logger)
            }
        } catch {
            throw PostgresFailure.store(error)
        }
    }
}
