import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` in one transaction on a pooled connection: committed when it returns, rolled
    /// back when it throws. A connection whose rollback fails is closed, never handed back to the
    /// pool still inside the transaction.
    func transaction<T: Sendable>(_ begin: PostgresQuery = "BEGIN", logger: Logger,
                                  _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { conn in
            try await conn.query(begin, logger: logger)
            do {
                let result = try await body(conn)
                try await conn.query("COMMIT", logger: logger)
                return result
            } catch {
                do {
                    try await conn.query("ROLLBACK", logger: logger)
                } catch {
                    try? await conn.close()
                }
                throw error
            }
        }
    }
}
