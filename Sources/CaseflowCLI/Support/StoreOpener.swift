import CaseflowPostgres
import CaseflowStore
import Logging

/// Opens the store named by `--db`: a PostgreSQL URL (`postgres://USER@HOST:PORT/DATABASE`,
/// shared by several daemons) or a SQLite file path.
enum StoreOpener {
    static func open(_ location: String, logger: Logger) async throws -> any CaseStore {
        if PostgresLocation.isPostgresURL(location) {
            return try await PostgresStore(location: try PostgresLocation(url: location), logger: logger)
        }
        return try SQLiteStore(path: location) { pending in
            let message = "upgrading the database format of \(location): \(pending.joined(separator: ", ")); a large database "
                + "takes minutes (about 100,000 events a second) and needs room for a copy of its events"
            logger.notice("\(message)")
        }
    }

    /// For auditors' commands: a SQLite file opened read-only (it may be a copy), or the PostgreSQL database.
    static func openForReading(_ location: String) async throws -> any CaseStore {
        if PostgresLocation.isPostgresURL(location) {
            var logger = Logger(label: "caseflow")
            logger.logLevel = .error
            return try await PostgresStore(location: try PostgresLocation(url: location), logger: logger)
        }
        return try SQLiteStore(readingOnly: location)
    }

    /// Whether other daemons may write the same store.
    static func isShared(_ location: String) -> Bool { PostgresLocation.isPostgresURL(location) }
}
